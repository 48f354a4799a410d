// The lesson's welcome message: connect, log in, print what the server said
// first (ftplib.FTP(host).getwelcome() in Python).
//     get_welcome_msg [HOST] [PORT] [USER] [PASSWORD]
#include <netkit/sync/ftp.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "your-ftp-domain-or-ip";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 21);

    netkit::sync::ftp_client ftp(host, port);
    ftp.login(argc > 3 ? argv[3] : "your-username", argc > 4 ? argv[4] : "your-password");

    const std::string welcome_msg = ftp.getwelcome();
    std::cout << welcome_msg << "\n";

    ftp.close();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
