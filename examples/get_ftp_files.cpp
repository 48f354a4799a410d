// The lesson's download: log in, list a directory with NLST and fetch every
// file in it with RETR, byte for byte (ftplib's nlst() and retrbinary();
// download() is RETR into a file that gets its name only once whole).
//     get_ftp_files HOST [PORT] [DIRECTORY] [USER] [PASSWORD]
#include <netkit/sync/ftp.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "127.0.0.1";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 21);

    netkit::sync::ftp_client ftp(host, port);
    ftp.login(argc > 4 ? argv[4] : "anonymous", argc > 5 ? argv[5] : "");
    if (argc > 3) {
        ftp.cwd(argv[3]);
    }
    std::cout << "File list at " << host << ":\n";
    for (const std::string& name : ftp.nlst()) {
        if (name.find('/') != std::string::npos || name == "." || name == "..") {
            continue; // a name a server chose must not write outside this folder
        }
        try {
            ftp.download(name, name); // RETR into name.part, renamed once whole
            std::cout << name << "\n";
        } catch (const netkit::sync::ftp_error_perm& e) {
            std::cout << name << ": " << e.what() << "\n"; // a directory, say
        }
    }
    ftp.quit();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
