// A throw-away public key infrastructure, minted with the openssl command for
// each test run: a CA, certificates it signed, and a second CA nobody trusts.
#pragma once

#include "support/temp_dir.hpp"

#include <string>

namespace netkit::test {

struct pki {
    pki();

    temp_dir dir;
    std::string ca;          ///< the trusted CA's certificate
    std::string server_cert; ///< for localhost, 127.0.0.1 and ::1, signed by `ca`
    std::string server_key;
    std::string expired_cert; ///< same names, signed by `ca`, expired yesterday
    std::string expired_key;
    std::string rogue_cert; ///< same names, signed by a CA nobody trusts
    std::string rogue_key;
};

} // namespace netkit::test
