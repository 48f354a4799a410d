// An XML-RPC server made with xmlrpc-c (Debian's libxmlrpc-c++8-dev), for
// netkit's client to call: add, echo (its one argument back, i8 and nil
// included), sum (an array of ints) and count (an array's length). Listens on a free loopback port
// and prints "listening PORT". Built for the tests and the benchmark only.
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/registry.hpp>
#include <xmlrpc-c/server_abyss.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <iostream>

namespace {

class add_method : public xmlrpc_c::method {
public:
    add_method() { _signature = "i:ii"; }
    void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
        const int x = params.getInt(0);
        const int y = params.getInt(1);
        params.verifyEnd(2);
        *result = xmlrpc_c::value_int(x + y);
    }
};

class echo_method : public xmlrpc_c::method {
public:
    void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
        params.verifyEnd(1);
        *result = params[0];
    }
};

class sum_method : public xmlrpc_c::method {
public:
    void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
        const std::vector<xmlrpc_c::value> items = params.getArray(0);
        params.verifyEnd(1);
        long long total = 0;
        for (const xmlrpc_c::value& item : items) {
            total += xmlrpc_c::value_int(item).cvalue();
        }
        *result = xmlrpc_c::value_i8(total);
    }
};

class count_method : public xmlrpc_c::method {
public:
    void execute(const xmlrpc_c::paramList& params, xmlrpc_c::value* result) override {
        const std::vector<xmlrpc_c::value> items = params.getArray(0);
        params.verifyEnd(1);
        *result = xmlrpc_c::value_int(static_cast<int>(items.size()));
    }
};

} // namespace

int main() {
    // (A socket of our own: loopback only, on a port the kernel picks.)
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(fd, 128) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        std::perror("xmlrpc_c_server");
        return 1;
    }
    xmlrpc_c::registry registry;
    registry.addMethod("add", xmlrpc_c::methodPtr(new add_method));
    registry.addMethod("echo", xmlrpc_c::methodPtr(new echo_method));
    registry.addMethod("sum", xmlrpc_c::methodPtr(new sum_method));
    registry.addMethod("count", xmlrpc_c::methodPtr(new count_method));
    // (Keep-alive for as many calls as a client makes: Abyss closes a
    // connection after 30 by default. It reads at most 512 KiB of XML; the
    // benchmark's array call is under that.)
    xmlrpc_c::serverAbyss server(xmlrpc_c::serverAbyss::constrOpt()
                                     .registryP(&registry)
                                     .socketFd(fd)
                                     .logFileName("/dev/null")
                                     .keepaliveMaxConn(1000000)
                                     .keepaliveTimeout(60));
    std::cout << "listening " << ntohs(address.sin_port) << std::endl;
    server.run();
}
