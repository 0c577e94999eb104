// Reading a program's command line with Boost.Program_options the one way every program does.
#pragma once

#include <boost/program_options.hpp>

#include <iostream>
#include <optional>

namespace dateline {

/// Stores argv into the variables of `visible`, and every positional argument into
/// the option `positional_name` when one is named: `positional` is its value, left out of
/// --help, or null when `visible` lists the option itself.
/// Returns the variables, or nothing after printing `visible` for --help (an option of it named
/// "help"); throws boost::program_options::error on misuse, required options included.
inline std::optional<boost::program_options::variables_map> read_command_line(int argc, char** argv, const boost::program_options::options_description& visible,
                              const char* positional_name = nullptr,
                              const boost::program_options::value_semantic* positional = nullptr) {
    namespace po = boost::program_options;
    po::options_description all;
    all.add(visible);
    po::positional_options_description positions;
    if (positional_name && positional) {
        po::options_description hidden;
        hidden.add_options()(positional_name, positional);
        all.add(hidden);
    }
    if (positional_name) positions.add(positional_name, -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positions).run(), vm);
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return std::nullopt;
    }
    po::notify(vm);
    return vm;
}

}  // namespace dateline
