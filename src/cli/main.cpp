#include "cli/cli.hpp"

int main(int argc, char** argv) { return piiscan::cli::run(argc, argv); }
