#include <netkit/request/error.hpp>

#include <string>

namespace netkit::request {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.request"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::unknown_url_type: return "unknown url type";
        case error::no_host_given: return "no host given";
        case error::file_not_on_local_host: return "file not on local host";
        case error::not_handled: return "no handler opened the request";
        case error::unsupported_auth_scheme:
            return "the server asks for an authentication scheme no handler answers";
        case error::ftp_login_refused: return "the FTP server refused the login";
        case error::ftp_file_not_found: return "the FTP server has no such file or directory";
        }
        return "unknown request error";
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl category;
    return category;
}

} // namespace netkit::request
