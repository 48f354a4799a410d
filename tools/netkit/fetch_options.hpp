// What `netkit fetch` was asked to do: its options, as the command line set
// them (shared by the HTTP transfer and the one for other schemes).
#pragma once

#include <string>
#include <vector>

namespace netkit::cli {

struct fetch_options {
    std::vector<std::string> urls;
    std::string output;
    bool remote_name = false;
    bool include = false;
    bool head = false;
    std::string method;
    std::vector<std::string> headers;
    std::string data;
    std::string data_binary;
    std::string json;
    std::vector<std::string> form;
    std::string user;
    bool location = true;
    bool insecure = false;
    std::string cacert;
    double max_time = 0;
    double connect_timeout = 30;
    bool silent = false;
    bool verbose = false;
    bool resume = false;
    bool fail = false;
    std::string user_agent;
    std::string write_out;
    std::string proxy;
    std::string upload_file;
    std::vector<std::string> cookies; ///< -b: "n=v; n2=v2" data, or a cookies.txt to read
    std::string cookie_jar;           ///< -c: the cookies.txt written at the end
    bool junk_session_cookies = false;
    std::string cookies_from_browser;   ///< "firefox" or "firefox:PROFILE_DIR"
    bool http1_1 = false;               ///< --http1.1
    bool http2 = false;                 ///< --http2 (the default over TLS)
    bool http2_prior_knowledge = false; ///< --http2-prior-knowledge
};

} // namespace netkit::cli
