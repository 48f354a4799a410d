#include <netkit/ftp/error.hpp>

#include <string>

namespace netkit::ftp {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.ftp"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::unexpected_reply: return "unexpected reply from the FTP server";
        case error::temporary_negative: return "the FTP server refused for now (4xx reply)";
        case error::permanent_negative: return "the FTP server refused (5xx reply)";
        case error::bad_reply: return "malformed FTP reply";
        case error::reply_line_too_long: return "FTP reply line longer than 8192 bytes";
        case error::reply_too_long: return "FTP reply longer than the limit";
        case error::newline_in_command:
            return "an illegal newline character should not be contained in an FTP command";
        case error::bad_passive_reply:
            return "passive-mode reply without a usable address and port";
        case error::bad_listing: return "malformed directory listing line";
        case error::transfer_incomplete:
            return "the data connection closed before the whole file arrived";
        case error::foreign_data_peer:
            return "the data connection came from another host than the FTP server";
        case error::not_connected: return "not connected to an FTP server";
        case error::not_an_ftp_url: return "not an ftp:// or ftps:// URL";
        case error::url_without_host: return "no host in the FTP URL";
        }
        return "unknown FTP error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<error>(value)) {
        case error::reply_line_too_long:
        case error::reply_too_long: return condition::limit_exceeded;
        case error::newline_in_command:
        case error::not_an_ftp_url:
        case error::url_without_host: return condition::bad_input;
        case error::unexpected_reply:
        case error::temporary_negative:
        case error::permanent_negative:
        case error::not_connected: return {value, *this};
        default: return condition::protocol_violation;
        }
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

} // namespace netkit::ftp
