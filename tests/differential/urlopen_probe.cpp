// The differential test's probe: each line of stdin {"url": U} (with "data"
// for a POST), opened with sync::urlopen, or with an opener of its own when
// the line names "handlers" (basic, digest, proxy_basic, proxy_digest,
// cookies, proxy with "proxies", cache_ftp, https with "cafile"; lines with
// the same "opener_id" share one) and "passwords" ({"manager": plain,
// default_realm or prior, "entries": [[realm or null, uri, user, password,
// is_authenticated]...]}); each line of stdout what came of it, as JSON:
// {"status", "reason", "url", "headers": [[name, value]...], "body": hex}
// or {"error": Python's class name, "message": str(e)}, with HTTPError's
// status and body too.
#include <netkit/json/value.hpp>
#include <netkit/request/auth_handlers.hpp>
#include <netkit/request/cookie_processor.hpp>
#include <netkit/request/ftp_handler.hpp>
#include <netkit/request/http_handlers.hpp>
#include <netkit/request/proxy_handler.hpp>
#include <netkit/sync/urlopen.hpp>
#include <netkit/url/error.hpp>

#include <iostream>
#include <map>
#include <memory>
#include <string>

namespace {

namespace json = netkit::json;

std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

json::array fields(const netkit::http::fields& headers) {
    json::array out;
    for (const auto& f : headers) {
        out.emplace_back(json::array{std::string(f.name), std::string(f.value)});
    }
    return out;
}

json::value status(int code) {
    return code == 0 ? json::value() : json::value(code); // Python's None
}

namespace request = netkit::request;

std::shared_ptr<request::password_manager> passwords(const json::value* spec) {
    const json::value* manager = spec ? spec->find("manager") : nullptr;
    const std::string kind = manager ? manager->as_string() : "plain";
    std::shared_ptr<request::password_manager> out;
    if (kind == "prior") {
        out = std::make_shared<request::password_manager_with_prior_auth>();
    } else if (kind == "default_realm") {
        out = std::make_shared<request::password_manager_with_default_realm>();
    } else {
        out = std::make_shared<request::password_manager>();
    }
    const json::value* entries = spec ? spec->find("entries") : nullptr;
    for (const auto& e : entries ? entries->as_array() : json::array{}) {
        const auto& f = e.as_array();
        std::optional<std::string> realm;
        if (!f[0].is_null()) {
            realm = f[0].as_string();
        }
        auto* prior = dynamic_cast<request::password_manager_with_prior_auth*>(out.get());
        if (prior && f.size() > 4) {
            prior->add_password(realm, {f[1].as_string()}, f[2].as_string(), f[3].as_string(),
                                f[4].as_bool());
        } else {
            out->add_password(realm, f[1].as_string(), f[2].as_string(), f[3].as_string());
        }
    }
    return out;
}

// The opener a line asks for, or nullptr for urlopen's own.
std::shared_ptr<netkit::sync::opener> opener_for(const json::value& input) {
    const json::value* handlers = input.find("handlers");
    if (!handlers) {
        return nullptr;
    }
    static std::map<std::string, std::shared_ptr<netkit::sync::opener>> shared;
    const json::value* id = input.find("opener_id");
    if (id && shared.contains(id->as_string())) {
        return shared[id->as_string()];
    }
    const auto manager = passwords(input.find("passwords"));
    std::vector<std::shared_ptr<request::handler>> chain;
    for (const auto& h : handlers->as_array()) {
        const std::string& kind = h.as_string();
        if (kind == "basic") {
            chain.push_back(std::make_shared<request::http_basic_auth_handler>(manager));
        } else if (kind == "digest") {
            chain.push_back(std::make_shared<request::http_digest_auth_handler>(manager));
        } else if (kind == "proxy_basic") {
            chain.push_back(std::make_shared<request::proxy_basic_auth_handler>(manager));
        } else if (kind == "proxy_digest") {
            chain.push_back(std::make_shared<request::proxy_digest_auth_handler>(manager));
        } else if (kind == "https") {
            netkit::net::tls_client_config tls;
            tls.ca_file = input.find("cafile")->as_string();
            chain.push_back(std::make_shared<request::https_handler>(std::move(tls)));
        } else if (kind == "cache_ftp") {
            chain.push_back(std::make_shared<request::cache_ftp_handler>());
        } else if (kind == "cookies") {
            chain.push_back(std::make_shared<request::http_cookie_processor>());
        } else if (kind == "proxy") {
            std::map<std::string, std::string> proxies;
            for (const auto& [scheme, url] : input.find("proxies")->as_object()) {
                proxies[scheme] = url.as_string();
            }
            chain.push_back(std::make_shared<request::proxy_handler>(std::move(proxies)));
        }
    }
    auto made = netkit::sync::build_opener(std::move(chain));
    if (id) {
        shared[id->as_string()] = made;
    }
    return made;
}

} // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto input = json::parse(line);
        const json::value* url = input ? input->find("url") : nullptr;
        if (!url || !url->is_string()) {
            std::cerr << "urlopen_probe: no url in " << line << "\n";
            return 2;
        }
        std::optional<std::string> data;
        if (const json::value* d = input->find("data"); d && d->is_string()) {
            data = d->as_string();
        }
        json::value answer;
        try {
            const auto o = opener_for(*input);
            auto r =
                o ? o->open(url->as_string(), data) : netkit::sync::urlopen(url->as_string(), data);
            answer = json::object{{"status", status(r.status)},
                                  {"reason", r.reason},
                                  {"url", r.geturl()},
                                  {"headers", fields(r.info())},
                                  {"body", hex(r.read())}};
        } catch (const netkit::sync::http_error& e) {
            answer = json::object{{"error", "HTTPError"},
                                  {"message", e.what()},
                                  {"status", e.code()},
                                  {"url", e.geturl()},
                                  {"headers", fields(e.headers())},
                                  {"body", hex(e.body())}};
        } catch (const netkit::sync::url_error& e) {
            answer = json::object{{"error", "URLError"}, {"message", e.what()}};
        } catch (const netkit::url::value_error& e) {
            answer = json::object{{"error", "ValueError"}, {"message", e.message()}};
        } catch (const std::invalid_argument& e) { // Request's "unknown url type"
            answer = json::object{{"error", "ValueError"}, {"message", e.what()}};
        }
        std::cout << answer.dump() << "\n";
    }
}
