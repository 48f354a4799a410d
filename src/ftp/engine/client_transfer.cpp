// Data connections: passive and active, TLS on them, and the transfers.
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/engine/client.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/net/connect.hpp>
#include <netkit/net/endpoint.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/listener.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <vector>

namespace netkit::ftp {
namespace {

// Reads and writes of this size keep 1 GiB transfers at loopback speed with a small,
// fixed memory footprint.
constexpr std::size_t block_size_default = 256 * 1024;

} // namespace

asio::awaitable<result<net::stream>> client::connect_passive() {
    asio::ip::address host = peer_;
    std::uint16_t port = 0;
    if (!epsv_refused_) {
        auto r = co_await command("EPSV");
        if (r) {
            auto p = parse_epsv_reply(*r);
            if (!p) {
                co_return p.error();
            }
            port = *p;
        } else if (r.error() == error::permanent_negative) {
            epsv_refused_ = true; // a server without RFC 2428: PASV from now on
        } else {
            co_return r.error();
        }
    }
    if (epsv_refused_) {
        auto r = co_await command("PASV");
        if (!r) {
            co_return r.error();
        }
        auto hp = parse_pasv_reply(*r);
        if (!hp) {
            co_return hp.error();
        }
        port = hp->port;
        if (options_.trust_pasv_address) {
            std::error_code ec;
            host = asio::ip::make_address(hp->host, ec);
            if (ec) {
                co_return error::bad_passive_reply;
            }
        }
    }
    net::connect_options how;
    how.timeout = options_.timeout;
    how.source = options_.source;
    std::vector<asio::ip::tcp::endpoint> where{asio::ip::tcp::endpoint(host, port)};
    auto data = co_await net::connect(std::move(where), how);
    if (data) {
        data->set_timeout(options_.timeout);
    }
    co_return data;
}

asio::awaitable<result<net::stream>> client::secure_data(net::stream data) {
    if (!protect_data_) {
        co_return data;
    }
    auto context = tls_context();
    if (!context) {
        co_return context.error();
    }
    // RFC 4217 §10.2: the data connection resumes the control connection's
    // session, which tells the server both come from the same client.
    auto secured = co_await net::stream::tls_connect(std::move(data), std::move(*context), host_,
                                                     control_->session());
    if (secured) {
        data_session_reused_ = secured->session_reused();
        secured->set_timeout(options_.timeout);
    }
    co_return secured;
}

asio::awaitable<result<client::data_channel>> client::open_data(std::string_view command_text,
                                                                transfer_type type,
                                                                std::optional<std::uint64_t> rest) {
    if (!control_) {
        co_return error::not_connected;
    }
    auto typed = co_await void_command(type == transfer_type::binary ? "TYPE I" : "TYPE A");
    if (!typed) {
        co_return typed.error();
    }
    std::optional<net::stream> data;
    std::optional<net::listener> listening;
    if (options_.passive) {
        auto connected = co_await connect_passive();
        if (!connected) {
            co_return connected.error();
        }
        data.emplace(std::move(*connected));
    } else {
        // Listen where the server reached us, and tell it: PORT for IPv4,
        // EPRT for IPv6 (as ftplib).
        const net::endpoint here(local_.to_string(), 0);
        auto l = net::listener::listen(executor_, here);
        if (!l) {
            co_return l.error();
        }
        listening.emplace(std::move(*l));
        const std::string argument =
            local_.is_v4() ? "PORT " + port_argument(local_.to_string(), listening->port())
                           : "EPRT " + eprt_argument(local_.to_string(), listening->port());
        auto told = co_await void_command(argument);
        if (!told) {
            co_return told.error();
        }
    }
    if (rest) {
        auto r = co_await command("REST " + std::to_string(*rest));
        if (!r) {
            co_return r.error();
        }
    }
    auto r = co_await command(command_text);
    if (!r) {
        co_return r.error();
    }
    if (r->kind() == 2) {
        // Some servers answer 2xx before the 1xx (ftplib allows it).
        r = co_await read_reply();
        if (!r) {
            co_return r.error();
        }
    }
    if (r->kind() != 1) {
        co_return error::unexpected_reply;
    }
    if (listening) {
        listening->set_timeout(options_.timeout);
        auto accepted = co_await listening->accept();
        if (!accepted) {
            co_return accepted.error();
        }
        std::error_code ec;
        const auto from = net::unmapped(accepted->tcp()->remote_endpoint(ec).address());
        if (ec || from != peer_) {
            // Anyone could connect to the port we opened; only the server may
            // (vsftpd checks the same the other way round).
            co_return error::foreign_data_peer;
        }
        accepted->set_timeout(options_.timeout);
        data.emplace(std::move(*accepted));
    }
    auto secured = co_await secure_data(std::move(*data));
    if (!secured) {
        co_return secured.error();
    }
    data_channel out{std::move(*secured)};
    if (r->code == 150) {
        auto size = parse_transfer_size(*r);
        out.announced_size = size ? *size : -1;
    }
    co_return out;
}

asio::awaitable<result<reply>> client::finish_transfer(std::error_code data_error) {
    auto final_reply = co_await read_reply();
    if (data_error) {
        // The reply (426, say) is last_reply(); the broken connection is the error.
        co_return data_error;
    }
    if (final_reply) {
        if (auto complete = check_completion(*final_reply); !complete) {
            co_return complete.error();
        }
    }
    co_return final_reply;
}

asio::awaitable<result<reply>> client::retrieve(std::string command_text, transfer_type type,
                                                std::optional<std::uint64_t> rest, byte_sink sink) {
    auto channel = co_await open_data(command_text, type, rest);
    if (!channel) {
        co_return channel.error();
    }
    auto buffer = std::make_unique_for_overwrite<char[]>(block_size_default);
    std::uint64_t received = 0;
    std::error_code data_error;
    for (;;) {
        auto n = co_await channel->stream.read_some(asio::buffer(buffer.get(), block_size_default));
        if (!n) {
            if (!net::is_end_of_stream(n.error())) {
                data_error = n.error();
            }
            break;
        }
        received += *n;
        if (!sink(std::string_view(buffer.get(), *n))) {
            channel->stream.close();
            co_return co_await abort_transfer();
        }
    }
    channel->stream.close();
    co_return co_await finish_retrieve(channel->announced_size, type, received + rest.value_or(0),
                                       data_error);
}

download::download(client& owner, net::stream data, long long announced, transfer_type type,
                   std::uint64_t rest)
    : client_(&owner), data_(std::move(data)), announced_(announced), type_(type), end_(rest),
      buffer_(std::make_unique_for_overwrite<char[]>(block_size_default)) {}

download::download(download&&) noexcept = default;
download& download::operator=(download&&) noexcept = default;
download::~download() = default;

asio::awaitable<result<std::string_view>> download::read_some() {
    if (done_) {
        co_return std::string_view();
    }
    auto n = co_await data_->read_some(asio::buffer(buffer_.get(), block_size_default));
    if (n) {
        end_ += *n;
        co_return std::string_view(buffer_.get(), *n);
    }
    const std::error_code data_error =
        net::is_end_of_stream(n.error()) ? std::error_code() : n.error();
    data_->close();
    done_ = true;
    auto finished = co_await client_->finish_retrieve(announced_, type_, end_, data_error);
    if (!finished) {
        co_return finished.error();
    }
    co_return std::string_view();
}

asio::awaitable<result<download>> client::open_retrieve(std::string command_text,
                                                        transfer_type type,
                                                        std::optional<std::uint64_t> rest) {
    auto channel = co_await open_data(command_text, type, rest);
    if (!channel) {
        co_return channel.error();
    }
    co_return download(*this, std::move(channel->stream), channel->announced_size, type,
                       rest.value_or(0));
}

asio::awaitable<result<reply>> client::retrieve_file(std::string command_text,
                                                     std::optional<std::uint64_t> rest, int fd,
                                                     std::uint64_t offset,
                                                     std::function<void(std::size_t)> on_bytes) {
    auto channel = co_await open_data(command_text, transfer_type::binary, rest);
    if (!channel) {
        co_return channel.error();
    }
    auto received = co_await channel->stream.receive_file(fd, offset, std::move(on_bytes));
    channel->stream.close();
    const std::uint64_t count = received ? *received : 0;
    co_return co_await finish_retrieve(channel->announced_size, transfer_type::binary,
                                       count + rest.value_or(0), received.error());
}

asio::awaitable<result<reply>> client::finish_retrieve(long long announced, transfer_type type,
                                                       std::uint64_t end,
                                                       std::error_code data_error) {
    auto done = co_await finish_transfer(data_error);
    // Only a binary transfer's size can be checked: ASCII changes line ends.
    if (done && type == transfer_type::binary && announced >= 0 &&
        end < static_cast<std::uint64_t>(announced)) {
        co_return error::transfer_incomplete;
    }
    co_return done;
}

asio::awaitable<result<reply>> client::store(std::string command_text, transfer_type type,
                                             std::optional<std::uint64_t> rest,
                                             std::size_t block_size, byte_source source) {
    auto channel = co_await open_data(command_text, type, rest);
    if (!channel) {
        co_return channel.error();
    }
    block_size = std::clamp<std::size_t>(block_size, 1, 4 * 1024 * 1024);
    // At most 64 KiB queued unsent, so that this thread sends as the server
    // makes room, not the server's ACK handling on its core (on loopback,
    // measured by hand against vsftpd: uploads about a third faster).
    (void)channel->stream.set_unsent_low_water(64 * 1024);
    auto buffer = std::make_unique_for_overwrite<char[]>(block_size);
    std::error_code data_error;
    for (;;) {
        const std::size_t n = source(std::span<char>(buffer.get(), block_size));
        if (n == 0) {
            break;
        }
        auto sent = co_await channel->stream.write_all(asio::buffer(buffer.get(), n));
        if (!sent) {
            data_error = sent.error();
            break;
        }
    }
    if (!data_error) {
        // The end of the file is the end of the connection; over TLS,
        // close_notify says it was not cut short.
        auto shut = co_await channel->stream.shutdown_send();
        if (!shut && !net::is_end_of_stream(shut.error())) {
            data_error = shut.error();
        }
    }
    channel->stream.close();
    co_return co_await finish_transfer(data_error);
}

asio::awaitable<result<reply>> client::store_file(std::string command_text,
                                                  std::optional<std::uint64_t> rest, int fd,
                                                  std::uint64_t offset, std::uint64_t length) {
    // pread and write, not sendfile: measured by hand against vsftpd on
    // loopback, sendfile made uploads about a third slower than copies in
    // 256 KiB blocks.
    std::uint64_t position = offset;
    const std::uint64_t end = offset + length;
    std::error_code read_error;
    auto from_file = [&](std::span<char> out) -> std::size_t {
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), end - position));
        if (want == 0) {
            return 0;
        }
        const ssize_t n = ::pread(fd, out.data(), want, static_cast<off_t>(position));
        if (n <= 0) {
            read_error = n == 0 ? std::make_error_code(std::errc::io_error)
                                : std::error_code(errno, std::system_category());
            return 0;
        }
        position += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
    };
    auto done = co_await store(std::move(command_text), transfer_type::binary, rest,
                               block_size_default, from_file);
    if (read_error) {
        // The file shrank or could not be read: what the server has is short.
        co_return read_error;
    }
    co_return done;
}

} // namespace netkit::ftp
