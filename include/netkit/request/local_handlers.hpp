// urllib's handlers that need no server: DataHandler (data: URLs, RFC
// 2397), FileHandler (file: URLs of this machine) and UnknownHandler (what
// no other handler opens).
//
//     data:text/plain;base64,SGk=   -> "Hi", Content-type text/plain, Content-length 2
//     file:///etc/hostname          -> the file, streamed, with Content-type,
//                                      Content-length and Last-modified
//
// As Python's: a file's type is guessed from its name (mimetypes, with
// /etc/mime.types; text/plain when unknown), Last-modified is its mtime in
// GMT; file://HOST/ is opened only when HOST is this machine (localhost, a
// loopback address or the host's own name), else "file not on local host".
// A missing or unreadable file, or a directory, is the system's error
// (errno) with the path. A request with "Range: bytes=N-" gets the file from
// N, with Content-Range (netkit's, for resuming as curl -C does; Python
// ignores the field).
#pragma once

#include <netkit/request/handler.hpp>

namespace netkit::request {

class data_handler : public handler {
public:
    std::vector<std::string> hooks() const override { return {"data_open"}; }
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;
};

class file_handler : public handler {
public:
    std::vector<std::string> hooks() const override { return {"file_open"}; }
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;
};

class unknown_handler : public handler {
public:
    std::vector<std::string> hooks() const override { return {"unknown_open"}; }
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;
};

} // namespace netkit::request
