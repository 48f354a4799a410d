#include <netkit/cookie/engine/firefox_cookies.hpp>
#include <netkit/core/ascii.hpp>

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace netkit::cookie {
namespace {

namespace fs = std::filesystem;

// The default profile's folder, from profiles.ini: the [Install...] section's
// Default= (what Firefox opens), else a profile with Default=1.
std::string default_profile(std::string& error) {
    const char* home = std::getenv("HOME");
    const fs::path base = fs::path(home ? home : "") / ".mozilla" / "firefox";
    std::ifstream ini(base / "profiles.ini");
    if (!ini) {
        error = "no Firefox profiles in " + base.string() + " (give the profile's folder)";
        return {};
    }
    std::string line, section, install_default, path, marked_default;
    bool relative = true;
    while (std::getline(ini, line)) {
        line = std::string(trim(line));
        if (line.starts_with('[')) {
            section = line;
            path.clear();
            relative = true;
        } else if (line.starts_with("Default=") && section.starts_with("[Install")) {
            install_default = line.substr(8);
        } else if (line.starts_with("IsRelative=")) {
            relative = line.substr(11) != "0";
        } else if (line.starts_with("Path=")) {
            path = line.substr(5);
        } else if (line == "Default=1" && !path.empty()) {
            marked_default = relative ? (base / path).string() : path;
        }
    }
    if (!install_default.empty()) {
        return fs::path(install_default).is_absolute() ? install_default
                                                       : (base / install_default).string();
    }
    if (marked_default.empty()) {
        error = "no default profile in " + (base / "profiles.ini").string() +
                " (give the profile's folder)";
    }
    return marked_default;
}

struct database_closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct statement_closer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

std::string text_column(sqlite3_stmt* s, int column) {
    const auto* text = sqlite3_column_text(s, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

// A private copy of the database and its write-ahead log, removed after.
class private_copy {
public:
    private_copy(const fs::path& database, std::string& error) {
        char pattern[] = "/tmp/netkit-firefox-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) {
            error = "cannot make a temporary folder";
            return;
        }
        folder_ = pattern;
        std::error_code ec;
        fs::copy_file(database, folder_ / "cookies.sqlite", ec);
        for (const char* suffix : {"-wal", "-journal"}) {
            const fs::path side = database.string() + suffix;
            if (!ec && fs::exists(side)) {
                fs::copy_file(side, folder_ / (std::string("cookies.sqlite") + suffix), ec);
            }
        }
        if (ec) {
            error = "cannot copy " + database.string() + ": " + ec.message();
        }
    }
    ~private_copy() {
        std::error_code ec;
        if (!folder_.empty()) {
            fs::remove_all(folder_, ec);
        }
    }
    private_copy(const private_copy&) = delete;
    private_copy& operator=(const private_copy&) = delete;
    fs::path database() const { return folder_ / "cookies.sqlite"; }

private:
    fs::path folder_;
};

} // namespace

import_report import_firefox_cookies(jar& j, const std::string& where) {
    import_report report;
    fs::path database = where.empty() ? fs::path(default_profile(report.error)) : fs::path(where);
    if (!report.error.empty()) {
        return report;
    }
    if (fs::is_directory(database)) {
        database /= "cookies.sqlite";
    }
    if (!fs::is_regular_file(database)) {
        report.error = "no cookies.sqlite at " + database.string();
        return report;
    }
    const private_copy copy(database, report.error);
    if (!report.error.empty()) {
        return report;
    }
    sqlite3* raw = nullptr;
    const int opened =
        sqlite3_open_v2(copy.database().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, database_closer> db(raw);
    sqlite3_stmt* raw_statement = nullptr;
    if (opened != SQLITE_OK ||
        sqlite3_prepare_v2(
            db.get(),
            "SELECT name, value, host, path, expiry, creationTime, isSecure, isHttpOnly, "
            "sameSite, originAttributes FROM moz_cookies ORDER BY creationTime",
            -1, &raw_statement, nullptr) != SQLITE_OK) {
        report.error = database.string() + " is not a Firefox cookie database: " +
                       (db ? sqlite3_errmsg(db.get()) : "cannot open it");
        return report;
    }
    const std::unique_ptr<sqlite3_stmt, statement_closer> rows(raw_statement);
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) {
        if (!text_column(rows.get(), 9).empty()) {
            continue; // a container's or a private window's cookie
        }
        cookie c;
        c.name = text_column(rows.get(), 0);
        c.value = text_column(rows.get(), 1);
        const std::string host = text_column(rows.get(), 2);
        c.host_only = !host.starts_with('.');
        c.domain = lower_copy(c.host_only ? host : host.substr(1));
        c.path = text_column(rows.get(), 3);
        // Firefox wrote seconds, and writes milliseconds since version 127 or so.
        std::int64_t expiry = sqlite3_column_int64(rows.get(), 4);
        if (expiry > 100'000'000'000) {
            expiry /= 1000;
        }
        c.persistent = true;
        c.expiry = clock_time(std::chrono::seconds(expiry));
        c.creation_time = c.last_access_time = std::chrono::floor<std::chrono::seconds>(
            std::chrono::sys_time<std::chrono::microseconds>(
                std::chrono::microseconds(sqlite3_column_int64(rows.get(), 5))));
        c.secure_only = sqlite3_column_int(rows.get(), 6) != 0;
        c.http_only = sqlite3_column_int(rows.get(), 7) != 0;
        switch (sqlite3_column_int(rows.get(), 8)) { // nsICookie's SAMESITE_*
        case 0: c.same_site_value = same_site::none; break;
        case 1: c.same_site_value = same_site::lax; break;
        case 2: c.same_site_value = same_site::strict; break;
        default: c.same_site_value = same_site::unset; break;
        }
        if (c.domain.empty() || !c.path.starts_with('/') || c.expiry <= now) {
            continue;
        }
        j.insert(std::move(c));
        ++report.imported;
    }
    if (step != SQLITE_DONE) {
        report.error = database.string() + ": " + sqlite3_errmsg(db.get());
    }
    return report;
}

} // namespace netkit::cookie
