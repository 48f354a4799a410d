// The lesson's welcome message: connect, log in, print what the server says
// first (ftplib.FTP(host).getwelcome() in Python).
//     get_welcome_msg HOST [PORT] [USER] [PASSWORD]
#include <netkit/sync/ftp.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "127.0.0.1";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 21);

    netkit::sync::ftp_client ftp(host, port);
    ftp.login(argc > 3 ? argv[3] : "anonymous", argc > 4 ? argv[4] : "");
    std::cout << ftp.getwelcome() << "\n";
    ftp.quit();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
