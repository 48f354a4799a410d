// The load generator of bench/ws/compare.py, the same for every server it
// measures: raw sockets and epoll on one thread, frames made once, so that
// it spends as little of its core as it can. It speaks only what the runs
// need (no compression offered, no fragmentation sent) and checks what
// comes back: an echo that differs, a broadcast message lost or out of
// order, or a close from the server ends it with an error.
//
//   ws_load echo PORT PATH CONNECTIONS SIZE SECONDS
//       Each connection sends a binary message of SIZE bytes and waits for
//       its echo, again and again. Prints round trips a second.
//   ws_load broadcast PORT PATH RECEIVERS SIZE SECONDS WINDOW
//       RECEIVERS connections only read; one more sends messages numbered
//       in their first 8 bytes, never more than WINDOW ahead of the slowest
//       receiver. Prints messages delivered a second (sent x RECEIVERS).
//   ws_load idle PORT PATH COUNT
//       Opens COUNT connections, prints "ready", answers pings until its
//       standard input ends.
//
// "measuring" is printed when the counted part begins (after half a second
// of warm-up), and "result count=N seconds=S rate=R" at its end.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

constexpr unsigned char mask_key[4] = {0x37, 0xfa, 0x21, 0x3d};
constexpr std::uint64_t probe = ~std::uint64_t{0}; // a broadcast's "are you in the room?"

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "ws_load: %s\n", why.c_str());
    std::exit(1);
}

// A client frame's header (FIN set, masked) for a payload of `size` bytes.
std::string frame_header(unsigned char opcode, std::uint64_t size) {
    std::string h;
    h.push_back(static_cast<char>(0x80 | opcode));
    if (size < 126) {
        h.push_back(static_cast<char>(0x80 | size));
    } else if (size <= 0xFFFF) {
        h.push_back(static_cast<char>(0x80 | 126));
        h.push_back(static_cast<char>(size >> 8));
        h.push_back(static_cast<char>(size));
    } else {
        h.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            h.push_back(static_cast<char>(size >> shift));
        }
    }
    h.append(reinterpret_cast<const char*>(mask_key), 4);
    return h;
}

void mask(char* data, std::size_t size, std::size_t offset) {
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<char>(data[i] ^ mask_key[(offset + i) % 4]);
    }
}

std::string client_frame(unsigned char opcode, std::string_view payload) {
    std::string f = frame_header(opcode, payload.size());
    const std::size_t at = f.size();
    f.append(payload);
    mask(f.data() + at, payload.size(), 0);
    return f;
}

std::string pattern(std::size_t size) {
    std::string p(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        p[i] = static_cast<char>('a' + i % 26);
    }
    return p;
}

struct peer {
    int fd = -1;
    std::string in; // bytes read and not yet taken as frames
    std::string out;
    std::size_t out_head = 0;
    bool waiting_to_write = false;
    bool dirty = false;
    // The message being read.
    std::uint64_t message_offset = 0;
    // Broadcast receivers.
    bool joined = false;
    std::uint64_t next_seq = 0;
};

int connect_upgraded(int port, const std::string& path, std::string& early) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        fail(std::string("cannot connect: ") + std::strerror(errno));
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const std::string request = "GET " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\n\r\n";
    if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
        fail("cannot send the handshake");
    }
    std::string answer;
    char buf[4096];
    std::size_t end;
    while ((end = answer.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            fail("the server ended the handshake");
        }
        answer.append(buf, static_cast<std::size_t>(n));
    }
    // RFC 6455's own example key, and the Accept it must give.
    if (answer.compare(0, 12, "HTTP/1.1 101") != 0 ||
        answer.find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) {
        fail("not upgraded: " + answer.substr(0, answer.find("\r\n")));
    }
    early = answer.substr(end + 4);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

class load {
public:
    load(int port, std::string path) : port_(port), path_(std::move(path)) {
        epoll_ = epoll_create1(0);
    }

    peer& open() {
        peers_.push_back(new peer);
        peer& p = *peers_.back();
        p.fd = connect_upgraded(port_, path_, p.in);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = &p;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, p.fd, &ev);
        return p;
    }

    void send(peer& p, std::string_view frame) {
        p.out.append(frame);
        if (!p.dirty) {
            p.dirty = true;
            dirty_.push_back(&p);
        }
    }

    // Runs until `until`; on_message(peer, payload piece, offset in message, fin).
    template <class OnMessage, class AfterTurn>
    void run(clock_type::time_point until, OnMessage on_message, AfterTurn after_turn) {
        epoll_event events[256];
        for (peer* p : peers_) {
            frames(*p, on_message); // what came with the handshake
        }
        flush();
        while (clock_type::now() < until) {
            const int n = epoll_wait(epoll_, events, 256, 20);
            for (int i = 0; i < n; ++i) {
                peer& p = *static_cast<peer*>(events[i].data.ptr);
                if (events[i].events & EPOLLOUT) {
                    write_out(p);
                }
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                    const ssize_t got = read(p.fd, scratch_.data(), scratch_.size());
                    if (got == 0 || (got < 0 && errno != EAGAIN)) {
                        fail("the server closed a connection");
                    }
                    if (got > 0) {
                        p.in.append(scratch_.data(), static_cast<std::size_t>(got));
                        frames(p, on_message);
                    }
                }
            }
            after_turn();
            flush();
        }
    }

    std::vector<peer*>& peers() { return peers_; }

private:
    // Takes the whole frames at the front of p.in.
    template <class OnMessage> void frames(peer& p, OnMessage& on_message) {
        std::size_t at = 0;
        const auto* b = reinterpret_cast<const unsigned char*>(p.in.data());
        for (;;) {
            const std::size_t left = p.in.size() - at;
            if (left < 2) {
                break;
            }
            const bool fin = b[at] & 0x80;
            const unsigned op = b[at] & 0x0F;
            std::uint64_t length = b[at + 1] & 0x7F;
            std::size_t head = 2;
            if (b[at + 1] & 0x80) {
                fail("a masked frame from the server");
            }
            if (length == 126) {
                head = 4;
                if (left < head) {
                    break;
                }
                length = (std::uint64_t{b[at + 2]} << 8) | b[at + 3];
            } else if (length == 127) {
                head = 10;
                if (left < head) {
                    break;
                }
                length = 0;
                for (int i = 0; i < 8; ++i) {
                    length = (length << 8) | b[at + 2 + i];
                }
            }
            if (left < head + length) {
                break;
            }
            const std::string_view payload(p.in.data() + at + head, length);
            at += head + length;
            if (op == 0x9) { // ping: the pong goes back with its payload
                send(p, client_frame(0xA, payload));
            } else if (op == 0x8) {
                fail("the server sent a close frame");
            } else if (op == 0x1 || op == 0x2 || op == 0x0) {
                on_message(p, payload, p.message_offset, fin);
                p.message_offset = fin ? 0 : p.message_offset + length;
            }
        }
        p.in.erase(0, at);
    }

    void write_out(peer& p) {
        while (p.out_head < p.out.size()) {
            const ssize_t n = write(p.fd, p.out.data() + p.out_head, p.out.size() - p.out_head);
            if (n < 0) {
                if (errno == EAGAIN) {
                    break;
                }
                fail(std::string("cannot write: ") + std::strerror(errno));
            }
            p.out_head += static_cast<std::size_t>(n);
        }
        const bool pending = p.out_head < p.out.size();
        if (!pending) {
            p.out.clear();
            p.out_head = 0;
        }
        if (pending != p.waiting_to_write) {
            p.waiting_to_write = pending;
            epoll_event ev{};
            ev.events = pending ? EPOLLIN | EPOLLOUT : EPOLLIN;
            ev.data.ptr = &p;
            epoll_ctl(epoll_, EPOLL_CTL_MOD, p.fd, &ev);
        }
    }

    void flush() {
        for (peer* p : dirty_) {
            p->dirty = false;
            if (!p->waiting_to_write) {
                write_out(*p);
            }
        }
        dirty_.clear();
    }

    int port_;
    std::string path_;
    int epoll_;
    std::vector<peer*> peers_;
    std::vector<peer*> dirty_;
    std::vector<char> scratch_ = std::vector<char>(256 * 1024);
};

struct measure {
    clock_type::time_point start;
    std::uint64_t count = 0;
    bool counting = false;

    void begin() {
        start = clock_type::now();
        count = 0;
        counting = true;
        std::printf("measuring\n");
        std::fflush(stdout);
    }
    void report() const {
        const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
        std::printf("result count=%llu seconds=%.3f rate=%.1f\n",
                    static_cast<unsigned long long>(count), seconds,
                    static_cast<double>(count) / seconds);
    }
};

constexpr auto warm_up = std::chrono::milliseconds(500);

void echo(load& l, int connections, std::size_t size, double seconds) {
    const std::string payload = pattern(size);
    const std::string frame = client_frame(0x2, payload);
    for (int i = 0; i < connections; ++i) {
        l.send(l.open(), frame);
    }
    measure m;
    const auto measured_from = clock_type::now() + warm_up;
    const auto until = measured_from + std::chrono::duration_cast<clock_type::duration>(
                                           std::chrono::duration<double>(seconds));
    l.run(
        until,
        [&](peer& p, std::string_view piece, std::uint64_t offset, bool fin) {
            if (offset + piece.size() > size ||
                std::memcmp(piece.data(), payload.data() + offset, piece.size()) != 0) {
                fail("an echo is not the message sent");
            }
            if (fin) {
                if (offset + piece.size() != size) {
                    fail("an echo is shorter than the message sent");
                }
                ++m.count;
                l.send(p, frame);
            }
        },
        [&] {
            if (!m.counting && clock_type::now() >= measured_from) {
                m.begin();
            }
        });
    m.report();
}

void broadcast(load& l, int receivers, std::size_t size, double seconds, std::uint64_t window) {
    if (size < 8) {
        fail("a broadcast message holds its number: 8 bytes at least");
    }
    for (int i = 0; i < receivers; ++i) {
        l.open();
    }
    peer& sender = l.open();
    // The frame, masked once; only the number at its front changes.
    std::string frame = client_frame(0x2, pattern(size));
    const std::size_t seq_at = frame.size() - size;
    auto numbered = [&](std::uint64_t seq) {
        for (int i = 0; i < 8; ++i) {
            frame[seq_at + i] = static_cast<char>(static_cast<unsigned char>(seq >> (56 - 8 * i)) ^
                                                  mask_key[i % 4]);
        }
        return std::string_view(frame);
    };
    // The room is joined after the handshake, on the server's time: probes
    // go out until every receiver has had one.
    int joined = 0;
    std::uint64_t next_to_send = 0;
    std::uint64_t slowest = 0; // the first message some receiver still lacks
    std::vector<int> delivered(window, 0);
    measure m;
    auto last_probe = clock_type::now() - std::chrono::seconds(1);
    auto measured_from = clock_type::time_point::max();
    const auto give_up = clock_type::now() + std::chrono::seconds(20);
    bool draining = false;
    auto send_more = [&] {
        while (!draining && next_to_send < slowest + window) {
            l.send(sender, numbered(next_to_send++));
        }
    };
    l.run(
        give_up + std::chrono::duration_cast<clock_type::duration>(
                      std::chrono::duration<double>(seconds)),
        [&](peer& p, std::string_view piece, std::uint64_t offset, bool fin) {
            if (&p == &sender) {
                fail("the sender got a message of its own back");
            }
            if (offset == 0) {
                if (piece.size() < 8) {
                    fail("a broadcast message without its number");
                }
                std::uint64_t seq = 0;
                for (int i = 0; i < 8; ++i) {
                    seq = (seq << 8) | static_cast<unsigned char>(piece[i]);
                }
                if (seq == probe) {
                    joined += p.joined ? 0 : 1;
                    p.joined = true;
                } else {
                    if (seq != p.next_seq) {
                        fail("message " + std::to_string(seq) + " came when " +
                             std::to_string(p.next_seq) + " was due");
                    }
                    ++p.next_seq;
                    if (m.counting) {
                        ++m.count;
                    }
                    // Every receiver reads in order: when all have message
                    // `slowest`, the window moves on.
                    if (++delivered[seq % window] == receivers) {
                        delivered[seq % window] = 0;
                        ++slowest;
                        send_more();
                    }
                }
            }
            (void)fin;
        },
        [&] {
            const auto now = clock_type::now();
            if (joined < receivers) {
                if (now > give_up) {
                    fail(std::to_string(receivers - joined) + " receivers never joined the room");
                }
                if (now - last_probe > std::chrono::milliseconds(20)) {
                    l.send(sender, numbered(probe));
                    last_probe = now;
                }
                return;
            }
            if (measured_from == clock_type::time_point::max()) {
                measured_from = now + warm_up;
                send_more();
            }
            if (!m.counting && now >= measured_from) {
                m.begin();
            }
            if (m.counting && !draining &&
                now - m.start >= std::chrono::duration<double>(seconds)) {
                m.report();
                std::fflush(stdout);
                draining = true;
            }
            // Every message sent is read before the connections go, so that
            // none is left in the server for the next run's room.
            if (draining && slowest == next_to_send) {
                std::exit(0);
            }
        });
    fail("the run did not end");
}

void idle(load& l, int count) {
    for (int i = 0; i < count; ++i) {
        l.open();
    }
    std::printf("ready %d\n", count);
    std::fflush(stdout);
    // Pings answered until stdin ends (the driver has read the server's RSS).
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
    bool ended = false;
    while (!ended) {
        l.run(
            clock_type::now() + std::chrono::milliseconds(200),
            [](peer&, std::string_view, std::uint64_t, bool) {}, [] {});
        char c;
        const ssize_t n = read(0, &c, 1);
        ended = n == 0 || (n < 0 && errno != EAGAIN);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: ws_load echo|broadcast|idle PORT PATH N [SIZE SECONDS [WINDOW]]\n");
        return 2;
    }
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    const std::string mode = argv[1];
    load l(std::atoi(argv[2]), argv[3]);
    const int n = std::atoi(argv[4]);
    if (mode == "idle") {
        idle(l, n);
        return 0;
    }
    if (argc < 7) {
        fail("echo and broadcast need SIZE and SECONDS");
    }
    const auto size = static_cast<std::size_t>(std::atol(argv[5]));
    const double seconds = std::atof(argv[6]);
    if (mode == "echo") {
        echo(l, n, size, seconds);
    } else if (mode == "broadcast") {
        broadcast(l, n, size, seconds, argc > 7 ? std::strtoull(argv[7], nullptr, 10) : 64);
    } else {
        fail("no mode " + mode);
    }
    return 0;
}
