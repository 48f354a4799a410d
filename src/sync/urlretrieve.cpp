#include <netkit/sync/urlretrieve.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/sync/client.hpp>

#include <cstdio>
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
    const std::string partial = path + ".part";
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (out == nullptr) {
        throw std::system_error(errno, std::system_category(), "cannot write '" + partial + "'");
    }

    http::client_options options; // as urlopen's
    options.proxies = http::proxy_settings::from_environment();
    (void)options.default_headers.set("User-Agent", "netkit-urllib");
    client web(options);
    auto request = http::make_request(data ? "POST" : "GET", url, data.value_or(""),
                                      data ? "application/x-www-form-urlencoded" : "");
    if (!request) {
        std::fclose(out);
        std::remove(partial.c_str());
        throw std::invalid_argument("bad request: " + request.error().message());
    }

    int status = 0;
    http::fields headers;
    std::int64_t total = -1, read = 0, blocks = 0;
    std::string error_body;
    bool write_failed = false;
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
        write_failed = std::fwrite(piece.data(), 1, piece.size(), out) != piece.size();
        read += static_cast<std::int64_t>(piece.size());
        while (reporthook && read >= (blocks + 1) * block_size) {
            reporthook(++blocks, block_size, total);
        }
        return !write_failed;
    };
    const auto discard = [&] {
        std::fclose(out);
        out = nullptr;
        std::remove(partial.c_str());
    };
    http::client_response response;
    try {
        response = web.request(std::move(*request));
    } catch (const std::system_error& e) {
        discard();
        if (write_failed) {
            throw std::system_error(std::make_error_code(std::errc::io_error),
                                    "cannot write '" + path + "'");
        }
        if (status != 0 && status < 400 && total >= 0 && read < total) {
            throw content_too_short_error(static_cast<std::uint64_t>(read),
                                          static_cast<std::uint64_t>(total), {path, headers});
        }
        if (dynamic_cast<const http_exception*>(&e) == nullptr) {
            throw url_error(e.code(), e.what()); // no answer: URLError
        }
        throw;
    }
    if (status >= 400) {
        discard();
        response.body = std::move(error_body);
        throw http_error(std::move(response));
    }
    if (reporthook && read > blocks * block_size) {
        reporthook(++blocks, block_size, total); // the last, partial block
    }
    if (std::fclose(out) != 0 || write_failed) {
        std::remove(partial.c_str());
        throw std::system_error(std::make_error_code(std::errc::io_error),
                                "cannot write '" + path + "'");
    }
    if (total >= 0 && read < total) {
        std::remove(partial.c_str());
        throw content_too_short_error(static_cast<std::uint64_t>(read),
                                      static_cast<std::uint64_t>(total), {path, headers});
    }
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        const int e = errno;
        std::remove(partial.c_str());
        throw std::system_error(e, std::system_category(), "cannot rename '" + partial + "'");
    }
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
