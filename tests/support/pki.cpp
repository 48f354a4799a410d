#include "support/pki.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace netkit::test {
namespace {

void sh(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
        throw std::runtime_error("test PKI: command failed: " + command);
    }
}

void make_ca(const temp_dir& dir, const std::string& name) {
    sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
       " -subj '/CN=netkit test " +
       name + "' -keyout " + (dir / (name + ".key")) + " -out " + (dir / (name + ".pem")));
}

// A leaf certificate for the loopback names, signed by CA `ca`, valid for
// `days` (negative: already expired).
void make_leaf(const temp_dir& dir, const std::string& name, const std::string& ca, int days) {
    const std::string key = dir / (name + ".key");
    const std::string csr = dir / (name + ".csr");
    sh("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost'"
       " -keyout " +
       key + " -out " + csr);
    sh("openssl x509 -req -in " + csr + " -CA " + (dir / (ca + ".pem")) + " -CAkey " +
       (dir / (ca + ".key")) + " -CAcreateserial -days " + std::to_string(days) + " -extfile " +
       (dir / "san.cnf") + " -out " + (dir / (name + ".pem")));
}

} // namespace

pki::pki() {
    std::ofstream(dir / "san.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n"
                                      "extendedKeyUsage=serverAuth\n";
    make_ca(dir, "ca");
    make_ca(dir, "rogue_ca");
    make_leaf(dir, "server", "ca", 1);
    make_leaf(dir, "expired", "ca", -1);
    make_leaf(dir, "rogue", "rogue_ca", 1);
    ca = dir / "ca.pem";
    server_cert = dir / "server.pem";
    server_key = dir / "server.key";
    expired_cert = dir / "expired.pem";
    expired_key = dir / "expired.key";
    rogue_cert = dir / "rogue.pem";
    rogue_key = dir / "rogue.key";
}

} // namespace netkit::test
