// The lesson's STAT and PWD: raw commands sent from DIRECTORY, the server's
// replies printed, each followed by an empty line (ftp.sendcmd('STAT') and
// ftp.sendcmd('PWD') in Python).
//     send_command [HOST] [PORT] [USER] [PASSWORD] [DIRECTORY]
#include <netkit/sync/ftp.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "your-ftp-domain-or-ip";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 21);

    netkit::sync::ftp_client ftp(host, port);
    ftp.login(argc > 3 ? argv[3] : "your-username", argc > 4 ? argv[4] : "your-password");

    ftp.cwd(argc > 5 ? argv[5] : "/home/student/");
    const std::string s_cmd_stat = ftp.sendcmd("STAT");
    std::cout << s_cmd_stat << "\n\n";

    const std::string s_cmd_pwd = ftp.sendcmd("PWD");
    std::cout << s_cmd_pwd << "\n\n";

    ftp.close();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
