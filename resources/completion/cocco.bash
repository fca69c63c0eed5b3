# bash completion for cocco (installed as share/bash-completion/completions/cocco).
# Every word comes from the program itself, so the completion stays right as commands, options,
# algorithms, zoo models and samples change: commands from `cocco --help`, a command's options
# from `cocco CMD --help`, an option's choices from the "a | b | c" list in that help, zoo names
# from `cocco zoo list`, hardware samples from `cocco samples` (each call takes milliseconds).

_cocco_commands()
{
    "$1" --help 2>/dev/null | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'
}

# Options of a command: those of its synopsis lines ("  cocco CMD ... [--json]" and their
# "[...]" continuations) and of its option entries ("    --name ARG   what it does").
_cocco_options()
{
    "$1" "$2" --help 2>/dev/null | awk '
        /^  cocco / || /^ +\[/ {
            for (i = 1; i <= NF; ++i) {
                w = $i
                gsub(/[][()|]/, "", w)
                if (w ~ /^(--[a-z][a-z0-9-]*|-o)$/) print w
            }
            next
        }
        /^    -/ { print $1 }' | sort -u
}

# Choices of an option, from its entry in the command's help: "--algo A   greedy | dp | ... |"
# continued on deeper-indented lines, up to the first "(".
_cocco_choices()
{
    "$1" "$2" --help 2>/dev/null | awk -v opt="$3" '
        on && match($0, /^ +/) && RLENGTH >= 20 && $1 !~ /^-/ { text = text " " $0; next }
        on { on = 0 }
        $1 == opt { on = 1; $1 = ""; $2 = ""; text = $0 }
        END {
            sub(/\(.*/, "", text)
            if (index(text, "|") == 0) exit
            n = split(text, w, "|")
            for (i = 1; i <= n; ++i) {
                gsub(/^ +| +$/, "", w[i])
                if (w[i] ~ /^[a-z][a-z0-9-]*$/) print w[i]
            }
        }'
}

_cocco_zoo_names()
{
    "$1" zoo list 2>/dev/null | awk 'NR > 1 { print $1 }'
}

_cocco_hw_samples()
{
    "$1" samples 2>/dev/null | awk 'NR > 1 && $1 ~ /^hw\// { sub(/^hw\//, "", $1); sub(/\.json$/, "", $1); print $1 }'
}

# Replies with the words of $1 that start with the current word; a word containing ':' (zoo:NAME)
# is completed past the colon, which bash treats as a word break.
_cocco_reply()
{
    local IFS=$'\n' w
    for w in $1; do
        [[ $w == "$_cocco_cur"* ]] && COMPREPLY+=("${w#"$_cocco_colon_prefix"}")
    done
}

_cocco_files()
{
    local IFS=$'\n' f
    compopt -o filenames 2>/dev/null
    for f in $(compgen -f -- "$_cocco_cur"); do
        if [[ -d $f ]] || [[ -z $1 ]] || [[ $f =~ $1 ]]; then
            COMPREPLY+=("$f")
        fi
    done
}

_cocco()
{
    COMPREPLY=()
    local prog=${COMP_WORDS[0]}
    # Split the line ourselves so zoo:NAME and --opt=VALUE stay one word.
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    read -r -a words <<<"$line"
    [[ $line =~ [[:space:]]$ ]] && words+=("")
    _cocco_cur=${words[-1]}
    local prev=""
    ((${#words[@]} > 1)) && prev=${words[-2]}
    _cocco_colon_prefix=""
    [[ $_cocco_cur == *:* ]] && _cocco_colon_prefix=${_cocco_cur%:*}:

    if ((${#words[@]} == 2)); then
        _cocco_reply "$(_cocco_commands "$prog")
--help
--version"
        return 0
    fi
    local cmd=${words[1]}

    case $prev in
        --hw)
            _cocco_reply "$(_cocco_hw_samples "$prog")"
            _cocco_files '\.json$'
            return 0 ;;
        --algo)
            _cocco_reply "$(_cocco_choices "$prog" search --algo)"
            return 0 ;;
        --algos)
            local done_part="" list
            [[ $_cocco_cur == *,* ]] && done_part=${_cocco_cur%,*},
            list=$(_cocco_choices "$prog" search --algo | sed "s/^/$done_part/")
            _cocco_reply "$list"
            compopt -o nospace 2>/dev/null
            return 0 ;;
        --objective | --buffer)
            _cocco_reply "$(_cocco_choices "$prog" "$cmd" "$prev")"
            return 0 ;;
        --partition | --write-partition)
            _cocco_files '\.json$'
            return 0 ;;
        -o | --output)
            _cocco_files ''
            return 0 ;;
        --budget | --seed | --threads | --time-limit | --population | --inner-budget | --state-limit | \
        --alpha | --seeds | --points | --fixed-length | --batch | --input-shape)
            return 0 ;;
    esac

    if [[ $_cocco_cur == -* ]]; then
        _cocco_reply "$(_cocco_options "$prog" "$cmd")
--help"
        return 0
    fi

    case $cmd in
        zoo)
            if ((${#words[@]} == 3)); then
                _cocco_reply $'list\nexport'
            elif [[ ${words[2]} == export ]]; then
                _cocco_reply "$(_cocco_zoo_names "$prog")"
            fi ;;
        info | evaluate | search | compare | sweep)
            _cocco_reply "$(_cocco_zoo_names "$prog" | sed 's/^/zoo:/')"
            _cocco_files '\.(json|onnx)$' ;;
    esac
    return 0
}

complete -F _cocco cocco
