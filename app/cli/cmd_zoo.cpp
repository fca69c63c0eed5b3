// cocco zoo list | cocco zoo export NAME -o FILE | cocco zoo export --all -o DIR
#include "cli.h"

#include "model/model_json.h"
#include "zoo/zoo.h"

#include <cstdio>
#include <filesystem>
#include <ostream>

namespace {

const char *kUsage = "  cocco zoo list\n"
                     "    One line per zoo model: name, layers (without inputs), params, MACs (batch 1).\n"
                     "  cocco zoo export NAME -o FILE.json\n"
                     "  cocco zoo export --all -o DIR\n"
                     "    Writes the model(s) in the JSON model format; --all writes DIR/<name>.json for every\n"
                     "    model (DIR is created if needed).\n";

int runList(const cli::Args &args, std::ostream &out, std::ostream &err)
{
    if (args.positional.size() != 1 || args.hasValue("-o") || args.has("--all"))
        return cli::usageError("zoo", "'list' takes no arguments", err);
    char line[160];
    std::snprintf(line, sizeof line, "%-16s %8s %14s %16s\n", "name", "layers", "params", "MACs");
    out << line;
    for (const std::string &name : cocco::zooNames()) {
        auto net = cocco::buildZooModel(name);
        if (!net.ok()) {
            err << "cocco zoo: " << net.message() << "\n";
            return cli::kExitFailure;
        }
        std::snprintf(line, sizeof line, "%-16s %8zu %14lld %16lld\n", name.c_str(), net->computeOrder().size(),
                      static_cast<long long>(net->totalParams()), static_cast<long long>(net->totalMacs()));
        out << line;
    }
    return cli::kExitOk;
}

int exportOne(const std::string &name, const std::string &path, std::ostream &out, std::ostream &err)
{
    auto net = cocco::buildZooModel(name);
    if (!net.ok()) {
        err << "cocco zoo: " << net.message() << "\n";
        return cli::kExitFailure;
    }
    cocco::Status st = cocco::writeFileAtomic(path, cocco::networkToJson(net.value()));
    if (!st.ok()) {
        err << "cocco zoo: " << st.message() << "\n";
        return cli::kExitFailure;
    }
    out << "wrote " << path << "\n";
    return cli::kExitOk;
}

int runExport(const cli::Args &args, std::ostream &out, std::ostream &err)
{
    if (!args.hasValue("-o"))
        return cli::usageError("zoo", "export needs -o FILE (or -o DIR with --all)", err);
    const std::string target = args.value("-o");
    if (args.has("--all")) {
        if (args.positional.size() != 1)
            return cli::usageError("zoo", "export --all takes no model name", err);
        std::error_code ec;
        std::filesystem::create_directories(target, ec);
        if (ec) {
            err << "cocco zoo: cannot create folder " << target << ": " << ec.message() << "\n";
            return cli::kExitFailure;
        }
        for (const std::string &name : cocco::zooNames()) {
            const int rc = exportOne(name, target + "/" + name + ".json", out, err);
            if (rc != cli::kExitOk)
                return rc;
        }
        return cli::kExitOk;
    }
    if (args.positional.size() != 2)
        return cli::usageError("zoo", "export needs exactly one model NAME (or --all)", err);
    return exportOne(args.positional[1], target, out, err);
}

int runZoo(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::Args args;
    std::string error;
    if (!cli::parseArgs(words, {"-o", "--output"}, {"--all"}, &args, &error))
        return cli::usageError("zoo", error, err);
    if (args.hasValue("--output") && !args.hasValue("-o"))
        args.values["-o"] = args.value("--output");
    if (args.positional.empty())
        return cli::usageError("zoo", "expected 'list' or 'export'", err);
    const std::string &sub = args.positional[0];
    if (sub == "list")
        return runList(args, out, err);
    if (sub == "export")
        return runExport(args, out, err);
    return cli::usageError("zoo", "unknown subcommand '" + sub + "' (expected 'list' or 'export')", err);
}

const bool registered = cli::registerCommand({"zoo", "list the built-in models or export them as JSON", kUsage, runZoo});

} // namespace
