// The lesson's download: log in, list DIRECTORY with NLST, print the names
// as Python prints a list, and fetch each file into DESTINATION, saying
// "Downloading...NAME" first (ftplib's nlst() and retrbinary()).
//     get_ftp_files [HOST] [PORT] [USER] [PASSWORD] [DIRECTORY] [DESTINATION]
//
// Where the lesson asks os.path.isfile(file), which looks in the local
// folder, this asks the server: SIZE has an answer for files only. A name
// that would leave DESTINATION ("..", "a/b") is not fetched.
#include <netkit/sync/ftp.hpp>
#include <netkit/url/repr.hpp>

#include <iostream>
#include <string>

namespace {

bool is_plain_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

// SIZE answers 213 for a file, 550 for a folder (as Python, a 5xx throws).
bool is_file_on_server(netkit::sync::ftp_client& ftp, const std::string& name) {
    try {
        return ftp.size(name).has_value();
    } catch (const netkit::sync::ftp_error_perm&) {
        return false;
    }
}

} // namespace

int main(int argc, char** argv) try {
    const std::string host = argc > 1 ? argv[1] : "your-ftp-domain-or-ip";
    const auto port = static_cast<std::uint16_t>(argc > 2 ? std::stoi(argv[2]) : 21);
    const std::string destination = argc > 6 ? argv[6] : "/home/student/testing/";

    netkit::sync::ftp_client ftp(host, port);
    ftp.login(argc > 3 ? argv[3] : "your-username", argc > 4 ? argv[4] : "your-password");
    ftp.cwd(argc > 5 ? argv[5] : "/home/student/work/");
    const auto files = ftp.nlst();

    std::string list;
    for (const std::string& file : files) {
        list += (list.empty() ? "" : ", ") + netkit::url::python_repr(file);
    }
    std::cout << "[" << list << "]\n";

    ftp.voidcmd("TYPE I"); // SIZE counts bytes in binary mode (some servers refuse it in ASCII)
    for (const std::string& file : files) {
        if (is_plain_name(file) && is_file_on_server(ftp, file)) {
            std::cout << "Downloading..." << file << "\n";
            ftp.download(file, destination + file); // written as FILE.part, renamed once whole
        }
    }
    ftp.quit();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
