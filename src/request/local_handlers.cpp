#include <netkit/request/local_handlers.hpp>

#include <netkit/http/date.hpp>
#include <netkit/http/engine/system_mime_types.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/urllib_helpers.hpp>
#include <netkit/url/data_url.hpp>

#include "request/detail/resume.hpp"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

namespace netkit::request {

namespace {

// A local file's bytes, read as asked.
class file_body : public body_reader {
public:
    explicit file_body(int fd) : fd_(fd) {}
    file_body(const file_body&) = delete;
    file_body& operator=(const file_body&) = delete;
    ~file_body() override { ::close(fd_); }

    asio::awaitable<result<std::string_view>> next() override {
        for (;;) {
            const auto n = ::read(fd_, buffer_.data(), buffer_.size());
            if (n >= 0) {
                co_return std::string_view(buffer_.data(), static_cast<std::size_t>(n));
            }
            if (errno != EINTR) {
                co_return std::error_code(errno, std::generic_category());
            }
        }
    }

private:
    int fd_;
    std::array<char, 64 * 1024> buffer_;
};

// Python's FileHandler.get_names(): this machine's own names and addresses.
bool is_this_machine(std::string_view host) {
    if (host == "localhost" || host == "127.0.0.1" || host == "::1" || host.starts_with("127.")) {
        return true;
    }
    std::array<char, 256> name{};
    return ::gethostname(name.data(), name.size() - 1) == 0 && host == name.data();
}

std::error_code last_error() {
    return {errno, std::generic_category()};
}

} // namespace

asio::awaitable<result<response_ptr>> data_handler::open(std::string_view, request& r) {
    const std::string url = r.full_url();
    auto parsed = url::parse_data_url(url);
    if (!parsed) {
        co_return parsed.error();
    }
    http::fields headers;
    (void)headers.add("Content-type", parsed->media_type);
    (void)headers.add("Content-length", std::to_string(parsed->data.size()));
    co_return std::make_unique<response>(url, 0, "", std::move(headers),
                                         std::make_unique<bytes_reader>(std::move(parsed->data)));
}

// FileHandler.open_local_file.
asio::awaitable<result<response_ptr>> file_handler::open(std::string_view, request& r) {
    std::string host = r.host();
    std::string port;
    if (const auto colon = host.rfind(':');
        colon != std::string::npos && host.find(']', colon) == std::string::npos) {
        port = host.substr(colon + 1);
        host.resize(colon);
    }
    const std::string& filename = r.selector();
    const std::string local = url2pathname(filename);
    struct stat info {};
    if (::stat(local.c_str(), &info) != 0) {
        co_return last_error();
    }
    if (!host.empty() && (!port.empty() || !is_this_machine(host))) {
        co_return make_error_code(error::file_not_on_local_host);
    }
    const int fd = ::open(local.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        co_return last_error();
    }
    auto body = std::make_unique<file_body>(fd);
    if (S_ISDIR(info.st_mode)) {
        co_return std::make_error_code(std::errc::is_a_directory); // as open(dir, 'rb')
    }
    // A Range: bytes=N- field asks for the tail (netkit's, for curl -C).
    const auto offset = detail::resume_offset(r);
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (offset && *offset > size) {
        co_return std::make_error_code(std::errc::invalid_seek); // past the end
    }
    if (offset && ::lseek(fd, static_cast<off_t>(*offset), SEEK_SET) < 0) {
        co_return last_error();
    }
    const auto type = http::system_mime_types().guess_type(filename).type;
    http::fields headers;
    (void)headers.add("Content-type", type.empty() ? "text/plain" : type);
    (void)headers.add("Content-length", std::to_string(size - offset.value_or(0)));
    (void)headers.add("Last-modified", http::format_http_date(
                                           http::clock_time(std::chrono::seconds(info.st_mtime))));
    if (offset) {
        detail::add_content_range(headers, *offset, static_cast<long long>(size));
    }
    co_return std::make_unique<response>("file://" + host + filename, 0, "", std::move(headers),
                                         std::move(body));
}

asio::awaitable<result<response_ptr>> unknown_handler::open(std::string_view, request&) {
    co_return make_error_code(error::unknown_url_type);
}

} // namespace netkit::request
