// A login that sets a session cookie, and a page that needs it:
//     session_server [PORT]
// GET / welcomes, and counts the visits in a cookie kept for a year
//     Set-Cookie: visits=N; Max-Age=31536000; Path=/; SameSite=Lax
// POST /login (a form with user=NAME) answers 303 to /private with
//     Set-Cookie: session=...; HttpOnly; Path=/; SameSite=Lax
// GET /private answers "hello NAME" with the cookie, 401 without it.
#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/http/engine/server.hpp>
#include <netkit/url/query.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>

int main(int argc, char** argv) try {
    using namespace netkit;
    std::map<std::string, std::string> sessions; // session id -> user
    std::mt19937_64 random{std::random_device{}()};

    http::server server;
    server.route("GET", "/", [](http::server_request& request) {
        const auto seen = request.cookie("visits");
        const int visits = (seen ? std::atoi(std::string(*seen).c_str()) : 0) + 1;
        cookie::simple_cookie c;
        c.set("visits", std::to_string(visits));
        c.at("visits").set_attribute("max-age", std::int64_t{365 * 24 * 3600});
        c.at("visits").set_attribute("path", "/");
        c.at("visits").set_attribute("samesite", "Lax");
        http::server_response response(200, "welcome, visit " + std::to_string(visits) + "\n");
        response.set_cookie(c.at("visits")).value();
        return response;
    });
    server.route("POST", "/login",
                 [&](http::server_request& request) -> asio::awaitable<http::server_response> {
                     const auto body = co_await request.read_body(4096);
                     std::string user;
                     for (const auto& [name, value] : url::parse_qsl(body ? *body : "")) {
                         if (name == "user") {
                             user = value;
                         }
                     }
                     if (user.empty()) {
                         co_return http::server_response(400, "a user, please\n");
                     }
                     const std::string id = std::to_string(random());
                     sessions[id] = user;
                     cookie::simple_cookie c;
                     c.set("session", id);
                     c.at("session").set_attribute("path", "/");
                     c.at("session").set_attribute("httponly", true);
                     c.at("session").set_attribute("samesite", "Lax");
                     http::server_response response(303);
                     response.set_cookie(c.at("session")).value();
                     (void)response.headers.set("Location", "/private");
                     co_return response;
                 });
    server.route("GET", "/private", [&](http::server_request& request) {
        const auto id = request.cookie("session");
        const auto user = id ? sessions.find(std::string(*id)) : sessions.end();
        if (user == sessions.end()) {
            return http::server_response(401, "log in first\n");
        }
        return http::server_response(200, "hello " + user->second + "\n");
    });
    server.listen(net::parse_endpoint(argc > 1 ? argv[1] : "8000").value()).value();
    std::cout << "serving at port " << server.port() << std::endl;
    server.run();
} catch (const std::exception& e) { // what Python's traceback ends with, on one line
    std::cerr << e.what() << "\n";
    return 1;
}
