// The shape every Dateline program's main() shares: parse the command line, run, and turn
// every failure into a one-line reason on stderr and a documented exit status.
#pragma once

#include <boost/program_options/errors.hpp>
#include <xapian.h>

#include <exception>
#include <iostream>
#include <optional>

namespace dateline {

/// Exit statuses common to all programs (each may add its own above these).
enum ProgramExit : int { kExitOk = 0, kExitFatal = 1, kExitUsage = 2 };

/// `parse(argc, argv)` returns the options, or nothing after printing --help; it throws
/// boost::program_options::error on misuse (exit 2). `run(options)` returns the exit
/// status; any exception it lets through is reported (exit 1).
template <typename Parse, typename Run>
int program_main(const char* name, int argc, char** argv, Parse&& parse, Run&& run) {
    decltype(parse(argc, argv)) options;
    try {
        options = parse(argc, argv);
        if (!options) return kExitOk;
    } catch (const boost::program_options::error& e) {
        std::cerr << name << ": " << e.what() << " (see --help)\n";
        return kExitUsage;
    }
    try {
        return run(*options);
    } catch (const Xapian::Error& e) {
        std::cerr << name << ": " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << name << ": " << e.what() << '\n';
    }
    return kExitFatal;
}

}  // namespace dateline
