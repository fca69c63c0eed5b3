// cocco: the headless command-line front end over core.
#include "cli.h"

#include "model/version.h"

#include <iostream>

namespace {
void printHelp(std::ostream &out)
{
    out << "cocco - graph partition and on-chip memory co-exploration for DNN accelerators\n\n"
           "usage: cocco <command> [options]\n\ncommands:\n";
    for (const auto &kv : cli::commands())
        out << "  " << kv.first << std::string(kv.first.size() < 10 ? 10 - kv.first.size() : 1, ' ')
            << kv.second.summary << "\n";
    out << "\n'cocco <command> --help' shows a command's options; 'cocco --version' the version.\n";
}
} // namespace

int main(int argc, char **argv)
{
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        printHelp(std::cerr);
        return cli::kExitUsage;
    }
    const std::string cmd = argv[1];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        printHelp(std::cout);
        return cli::kExitOk;
    }
    if (cmd == "--version" || cmd == "-V") {
        std::cout << "cocco " << cocco::versionString() << "\n";
        return cli::kExitOk;
    }
    auto it = cli::commands().find(cmd);
    if (it == cli::commands().end()) {
        std::cerr << "cocco: unknown command '" << cmd << "'\n\n";
        printHelp(std::cerr);
        return cli::kExitUsage;
    }
    std::vector<std::string> words(argv + 2, argv + argc);
    for (const auto &w : words)
        if (w == "--help" || w == "-h") {
            std::cout << it->second.usage;
            return cli::kExitOk;
        }
    return it->second.run(words, std::cout, std::cerr);
}
