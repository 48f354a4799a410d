// Directory listings: MLSD's machine-readable lines (RFC 3659 §7) and LIST's
// human-readable ones (Unix `ls -l`, MS-DOS/IIS), for servers without MLSD.
//
//     auto e = netkit::ftp::parse_mlsd_line("type=file;size=12;modify=20240101120000; a b.txt");
//     e->name == "a b.txt", e->facts["size"] == "12"
//
//     auto l = netkit::ftp::parse_list_line("-rw-r--r--  1 ftp ftp  12 Jan 01  2024 a b.txt");
//     l->name == "a b.txt", l->type == entry_type::file, *l->size == 12
#pragma once

#include <netkit/core/result.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace netkit::ftp {

/// One MLSD line: the name and its facts, as ftplib's mlsd() yields them
/// (fact names lower-cased, each value split from its name at the first '=').
struct mlsd_entry {
    std::string name;
    std::map<std::string, std::string> facts;
};

/// Parses "fact=value;fact=value; name": the name is everything after the
/// first space, verbatim (it may hold spaces and semicolons).
/// Errors: bad_listing when there is no space.
result<mlsd_entry> parse_mlsd_line(std::string_view line);

enum class entry_type { file, directory, symlink, other };

/// One LIST line.
struct list_entry {
    std::string name;
    entry_type type = entry_type::other;
    std::optional<std::uint64_t> size; ///< absent for directories in DOS listings
    std::optional<std::chrono::sys_seconds>
        modified;            ///< to the minute, or the day when only a year is listed
    std::string permissions; ///< "rw-r--r--" for Unix listings, "" otherwise
    std::string link_target; ///< "target" of "name -> target"
};

/// The entry an MLSD line describes, in LIST's terms: type from "type"
/// (symlinks from "OS.unix=slink:target"), size, "modify" (RFC 3659 §2.3
/// time, UTC), permissions from "unix.mode". nullopt for the directory
/// itself and its parent ("cdir", "pdir").
std::optional<list_entry> to_list_entry(const mlsd_entry& e);

/// Parses a LIST line in either format. `today` places Unix dates that show a
/// time instead of a year: in the year that puts them not after today.
/// Returns nullopt for lines that are not entries ("total 12", blank lines) and
/// error::bad_listing for lines in neither format.
result<std::optional<list_entry>> parse_list_line(std::string_view line,
                                                  std::chrono::sys_days today);
result<std::optional<list_entry>> parse_list_line(std::string_view line);

} // namespace netkit::ftp
