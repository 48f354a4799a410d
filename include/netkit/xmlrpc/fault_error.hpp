// A fault as an exception, both ways, as Python's Fault is: a method
// registered with the server throws it to answer with that fault (any other
// exception becomes fault 1), and the blocking client throws it when the
// server answers with one.
//
//     throw netkit::xmlrpc::fault_error(4, "Too many parameters.");
#pragma once

#include <netkit/xmlrpc/value.hpp>

#include <stdexcept>
#include <string>

namespace netkit::xmlrpc {

class fault_error : public std::runtime_error {
public:
    explicit fault_error(xmlrpc::fault f)
        : std::runtime_error("<Fault " + std::to_string(f.code) + ": '" + f.string + "'>"),
          fault_(std::move(f)) {}
    fault_error(std::int64_t code, std::string string)
        : fault_error(xmlrpc::fault{code, std::move(string)}) {}

    const xmlrpc::fault& fault() const noexcept { return fault_; }
    std::int64_t code() const noexcept { return fault_.code; }           ///< Python's faultCode
    const std::string& string() const noexcept { return fault_.string; } ///< faultString

private:
    xmlrpc::fault fault_;
};

} // namespace netkit::xmlrpc
