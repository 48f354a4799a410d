#include <netkit/sync/urlretrieve.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/sync/client.hpp>

#include "sync/detail/partial_file.hpp"
#include "sync/detail/urllib.hpp"

#include <cstdlib>
#include <mutex>
#include <unistd.h>
#include <vector>

namespace netkit::sync {

namespace {

constexpr std::int64_t block_size = 8 * 1024; // Python's bs
constexpr std::size_t error_body_limit = 1 << 20;

// The temporary files made for calls without a name, for urlcleanup().
std::mutex temporary_files_mutex;
std::vector<std::string> temporary_files;

std::string make_temporary_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string name =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/netkit-urlretrieve-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw std::system_error(errno, std::system_category(), "cannot make a temporary file");
    }
    ::close(fd);
    const std::lock_guard lock(temporary_files_mutex);
    temporary_files.push_back(name);
    return name;
}

} // namespace

content_too_short_error::content_too_short_error(std::uint64_t got, std::uint64_t expected,
                                                 retrieved content)
    : url_error(url_error_code::content_too_short, "retrieval incomplete: got only " +
                                                       std::to_string(got) + " out of " +
                                                       std::to_string(expected) + " bytes"),
      content_(std::move(content)) {}

retrieved urlretrieve(const std::string& url, std::optional<std::string> filename,
                      report_hook reporthook, std::optional<std::string> data) {
    const std::string path = filename ? *filename : make_temporary_file();
    auto request = http::make_request(data ? "POST" : "GET", url, data.value_or(""),
                                      data ? "application/x-www-form-urlencoded" : "");
    if (!request) {
        throw std::invalid_argument("bad request: " + request.error().message());
    }
    detail::partial_file file(path);
    client web(detail::urllib_options());

    int status = 0;
    http::fields headers;
    std::int64_t total = -1, read = 0, blocks = 0;
    std::string error_body;
    request->on_head = [&](const http::client_response& head) {
        status = head.status;
        headers = head.headers;
        if (const auto length = headers.get("Content-Length")) {
            total = static_cast<std::int64_t>(parse_decimal(*length).value_or(0));
        }
        if (status < 400 && reporthook) {
            reporthook(0, block_size, total);
        }
    };
    request->on_body = [&](std::string_view piece) {
        if (status >= 400) { // HTTPError's body, kept (bounded) for the exception
            error_body.append(
                piece.substr(0, error_body_limit - std::min(error_body.size(), error_body_limit)));
            return true;
        }
        read += static_cast<std::int64_t>(piece.size());
        while (reporthook && read >= (blocks + 1) * block_size) {
            reporthook(++blocks, block_size, total);
        }
        return file.write(piece);
    };
    const auto too_short = [&] {
        return content_too_short_error(static_cast<std::uint64_t>(read),
                                       static_cast<std::uint64_t>(total), {path, headers});
    };
    http::client_response response;
    try {
        response = web.request(std::move(*request));
    } catch (...) {
        file.discard();
        if (file.failed()) {
            throw file.write_error();
        }
        if (status != 0 && status < 400 && total >= 0 && read < total) {
            throw too_short(); // the server closed before Content-Length bytes
        }
        detail::rethrow_as_urllib_error();
    }
    if (status >= 400) {
        file.discard();
        response.body = std::move(error_body);
        throw http_error(std::move(response));
    }
    if (reporthook && read > blocks * block_size) {
        reporthook(++blocks, block_size, total); // the last, partial block
    }
    if (total >= 0 && read < total) {
        file.discard();
        throw too_short();
    }
    file.commit();
    return {path, std::move(headers)};
}

void urlcleanup() {
    const std::lock_guard lock(temporary_files_mutex);
    for (const std::string& name : temporary_files) {
        std::remove(name.c_str());
    }
    temporary_files.clear();
}

} // namespace netkit::sync
