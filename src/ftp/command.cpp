#include <netkit/core/ascii.hpp>
#include <netkit/ftp/command.hpp>
#include <netkit/ftp/error.hpp>

namespace netkit::ftp {

result<std::string> command_line(std::string_view command) {
    if (command.find_first_of("\r\n") != std::string_view::npos) {
        return error::newline_in_command;
    }
    std::string line;
    line.reserve(command.size() + 2);
    line.append(command);
    line.append("\r\n");
    return line;
}

std::string masked(std::string_view command) {
    if (command.size() >= 5 && iequals(command.substr(0, 5), "PASS ")) {
        return std::string(command.substr(0, 5)) + "****";
    }
    return std::string(command);
}

} // namespace netkit::ftp
