// The FTP codec: multi-line replies, commands, PASV/EPSV, and LIST lines.
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/command.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/ftp/reply.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace ftp = netkit::ftp;
using namespace std::chrono;

netkit::result<ftp::reply> read_all(const std::vector<std::string>& lines) {
    ftp::reply_reader reader;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto done = reader.feed(lines[i]);
        if (!done) {
            return done.error();
        }
        if (*done) {
            EXPECT_EQ(i + 1, lines.size()) << "the reply ended early";
            return reader.take();
        }
    }
    ADD_FAILURE() << "the reply never ended";
    return ftp::error::bad_reply;
}

TEST(FtpReply, SingleLine) {
    auto r = read_all({"220 (vsFTPd 3.0.3)"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, 220);
    EXPECT_EQ(r->text, "220 (vsFTPd 3.0.3)");
}

TEST(FtpReply, MultiLineEndsAtTheSameCodeAndASpace) {
    // RFC 959 §4.2: inner lines may start with digits, even another code
    // followed by a space, or the same code followed by a hyphen.
    auto r = read_all({"211-Features:", " EPSV", "123 not the end", "211-still not", "211 End"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, 211);
    EXPECT_EQ(r->text, "211-Features:\n EPSV\n123 not the end\n211-still not\n211 End");
}

TEST(FtpReply, BareCodeIsAReply) {
    auto r = read_all({"200"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, 200);
}

TEST(FtpReply, MalformedFirstLinesAreRefused) {
    for (const std::string line : {"", "hello", "20 x", "2000 x", "200x", "-200 x", "abc def"}) {
        ftp::reply_reader reader;
        EXPECT_EQ(reader.feed(line).error(), ftp::error::bad_reply) << line;
    }
}

TEST(FtpReply, LimitsAgainstAHostileServer) {
    ftp::reply_reader reader;
    EXPECT_EQ(reader.feed(std::string(8193, '2')).error(), ftp::error::reply_line_too_long);
    reader.reset();
    ASSERT_TRUE(reader.feed("211-start"));
    netkit::result<bool> fed = false;
    for (int i = 0; i < 10000 && fed; ++i) {
        fed = reader.feed(std::string(1000, 'x'));
    }
    EXPECT_EQ(fed.error(), ftp::error::reply_too_long);
}

TEST(FtpReply, CodesMapAsFtplibMapsThem) {
    EXPECT_TRUE(ftp::check_reply({150, "150 ok"}));
    EXPECT_TRUE(ftp::check_reply({331, "331 ok"}));
    EXPECT_EQ(ftp::check_reply({421, "421 bye"}).error(), ftp::error::temporary_negative);
    EXPECT_EQ(ftp::check_reply({550, "550 no"}).error(), ftp::error::permanent_negative);
    EXPECT_EQ(ftp::check_reply({999, "999"}).error(), ftp::error::bad_reply);
    EXPECT_EQ(ftp::check_reply({0, "0"}).error(), ftp::error::bad_reply);
    EXPECT_EQ(ftp::check_completion({331, "331"}).error(), ftp::error::unexpected_reply);
    EXPECT_TRUE(ftp::check_completion({226, "226"}));
}

TEST(FtpReply, TransferSize) {
    EXPECT_EQ(*ftp::parse_transfer_size(
                  {150, "150 Opening BINARY mode data connection for a (1024 bytes)."}),
              1024);
    EXPECT_EQ(*ftp::parse_transfer_size({150, "150 opening (12 BYTES)"}), 12);
    EXPECT_EQ(*ftp::parse_transfer_size({150, "150 File status okay."}), -1);
    EXPECT_EQ(*ftp::parse_transfer_size({150, "150 (x bytes)"}), -1);
    // Found by the fuzzer: letters among the digits once overflowed the count.
    EXPECT_EQ(*ftp::parse_transfer_size({150, "150 (9999999999999999z9 bytes)"}), -1);
    EXPECT_EQ(ftp::parse_transfer_size({125, "125 (1 bytes)"}).error(),
              ftp::error::unexpected_reply);
}

TEST(FtpCommand, RefusesLineBreaks) {
    EXPECT_EQ(*ftp::command_line("RETR a b.txt"), "RETR a b.txt\r\n");
    for (const std::string bad : {"RETR a\r\nDELE b", "RETR a\nDELE b", "RETR a\rb", "\n"}) {
        EXPECT_EQ(ftp::command_line(bad).error(), ftp::error::newline_in_command);
    }
    EXPECT_EQ(ftp::masked("PASS secret"), "PASS ****");
    EXPECT_EQ(ftp::masked("pass secret"), "pass ****");
    EXPECT_EQ(ftp::masked("USER bob"), "USER bob");
}

TEST(FtpAddress, Passive) {
    auto hp = ftp::parse_pasv_reply({227, "227 Entering Passive Mode (127,0,0,1,156,64)."});
    ASSERT_TRUE(hp);
    EXPECT_EQ(hp->host, "127.0.0.1");
    EXPECT_EQ(hp->port, 156 * 256 + 64);
    // Without parentheses, as some servers word it.
    EXPECT_EQ(ftp::parse_pasv_reply({227, "227 =10,1,2,3,4,5"})->host, "10.1.2.3");
    EXPECT_EQ(ftp::parse_pasv_reply({227, "227 (256,0,0,1,1,1)"}).error(),
              ftp::error::bad_passive_reply);
    EXPECT_EQ(ftp::parse_pasv_reply({227, "227 (1,2,3,4,5)"}).error(),
              ftp::error::bad_passive_reply);
    EXPECT_EQ(ftp::parse_pasv_reply({200, "200 (1,2,3,4,5,6)"}).error(),
              ftp::error::unexpected_reply);
}

TEST(FtpAddress, ExtendedPassive) {
    EXPECT_EQ(*ftp::parse_epsv_reply({229, "229 Entering Extended Passive Mode (|||40073|)"}),
              40073);
    EXPECT_EQ(*ftp::parse_epsv_reply({229, "229 ok (!!!2121!)"}), 2121);
    for (const std::string bad :
         {"229 (|||0|)", "229 (|||70000|)", "229 (||40073|)", "229 (|||4a|)", "229 |||40073|",
          "229 (|||40073!)", "229 (||||)"}) {
        EXPECT_EQ(ftp::parse_epsv_reply({229, bad}).error(), ftp::error::bad_passive_reply) << bad;
    }
}

TEST(FtpAddress, PortArguments) {
    EXPECT_EQ(ftp::port_argument("127.0.0.1", 38000), "127,0,0,1,148,112");
    EXPECT_EQ(ftp::eprt_argument("::1", 38000), "|2|::1|38000|");
    EXPECT_EQ(ftp::eprt_argument("10.0.0.1", 21), "|1|10.0.0.1|21|");
}

constexpr sys_days today = sys_days(year(2026) / 11 / 29);

ftp::list_entry list(std::string_view line) {
    auto e = ftp::parse_list_line(line, today);
    EXPECT_TRUE(e) << line;
    EXPECT_TRUE(e && *e) << line;
    return e && *e ? **e : ftp::list_entry{};
}

TEST(FtpList, UnixLines) {
    auto f = list("-rw-r--r--    1 0        0          100000 Nov 29 03:59 bin.dat");
    EXPECT_EQ(f.name, "bin.dat");
    EXPECT_EQ(f.type, ftp::entry_type::file);
    EXPECT_EQ(*f.size, 100000u);
    EXPECT_EQ(f.permissions, "rw-r--r--");
    EXPECT_EQ(*f.modified, sys_days(year(2026) / 11 / 29) + hours(3) + minutes(59));

    auto d = list("drwxr-xr-x   2 ftp ftp        4096 Jan  1  2020 sub dir");
    EXPECT_EQ(d.name, "sub dir");
    EXPECT_EQ(d.type, ftp::entry_type::directory);
    EXPECT_EQ(*d.modified, sys_seconds(sys_days(year(2020) / 1 / 1)));

    auto l = list("lrwxrwxrwx 1 0 0 7 Mar 3 10:00 link -> target file");
    EXPECT_EQ(l.name, "link");
    EXPECT_EQ(l.link_target, "target file");
    EXPECT_EQ(l.type, ftp::entry_type::symlink);
    // A link's name is never empty: a link named " ", and a line whose only
    // reading with a name is that the name holds the arrow (the fuzzer's).
    auto spaced = list("lrwxrwxrwx 1 0 0 1 Mar 3 10:00   -> t");
    EXPECT_EQ(spaced.name, " ");
    EXPECT_EQ(spaced.link_target, "t");
    auto arrow_first = list("lrwxrwxrwx 1 u g 4 Nov 29 12:00  -> t");
    EXPECT_EQ(arrow_first.name, " -> t");
    EXPECT_EQ(arrow_first.link_target, "");

    // A date with no year in the months after today is last year's.
    auto old = list("-rw-r--r-- 1 owner 12 Dec 24 18:00 gift.txt");
    EXPECT_EQ(old.name, "gift.txt");
    EXPECT_EQ(*old.modified, sys_days(year(2025) / 12 / 24) + hours(18));
    // Spaces and odd characters in names survive.
    EXPECT_EQ(list("-rw-r--r-- 1 a b 1 Jan 01  2024 a  b;c%.txt").name, "a  b;c%.txt");
}

TEST(FtpList, DosLines) {
    auto d = list("01-16-02  11:14AM       <DIR>          epsgroup");
    EXPECT_EQ(d.name, "epsgroup");
    EXPECT_EQ(d.type, ftp::entry_type::directory);
    EXPECT_FALSE(d.size);
    EXPECT_EQ(*d.modified, sys_days(year(2002) / 1 / 16) + hours(11) + minutes(14));

    auto f = list("06-05-2003  03:19PM              1786 read me.txt");
    EXPECT_EQ(f.name, "read me.txt");
    EXPECT_EQ(*f.size, 1786u);
    EXPECT_EQ(*f.modified, sys_days(year(2003) / 6 / 5) + hours(15) + minutes(19));
    EXPECT_EQ(list("12-31-99  12:00AM 1 midnight").modified,
              sys_seconds(sys_days(year(1999) / 12 / 31)));
}

TEST(FtpList, NotEntries) {
    EXPECT_FALSE(*ftp::parse_list_line("total 12", today));
    EXPECT_FALSE(*ftp::parse_list_line("", today));
    for (const std::string bad :
         {"hello world", "-rw-r--r-- 1 a b x Nov 29 03:59 n", "-rw-r--r-- 1 a b 1 Foo 29 03:59 n",
          "-rw-r--r-- 1 a b 1 Nov 32 03:59 n", "13-01-02  11:14AM 1 n", "01-16-02  11:14XM 1 n",
          "01-16-02  11:14AM <FILE> n"}) {
        EXPECT_EQ(ftp::parse_list_line(bad, today).error(), ftp::error::bad_listing) << bad;
    }
}

TEST(FtpMlsd, AsListEntries) {
    auto file = ftp::to_list_entry(
        *ftp::parse_mlsd_line("type=file;size=12;modify=20240101120304.5;unix.mode=0644; a b"));
    ASSERT_TRUE(file);
    EXPECT_EQ(file->name, "a b");
    EXPECT_EQ(file->type, ftp::entry_type::file);
    EXPECT_EQ(*file->size, 12u);
    EXPECT_EQ(*file->modified, sys_days(year(2024) / 1 / 1) + hours(12) + minutes(3) + seconds(4));
    EXPECT_EQ(file->permissions, "rw-r--r--");
    auto link = ftp::to_list_entry(*ftp::parse_mlsd_line("type=OS.unix=slink:/target;perm=; ln"));
    ASSERT_TRUE(link);
    EXPECT_EQ(link->type, ftp::entry_type::symlink);
    EXPECT_EQ(link->link_target, "/target");
    EXPECT_EQ(ftp::to_list_entry(*ftp::parse_mlsd_line("type=dir; d"))->type,
              ftp::entry_type::directory);
    EXPECT_FALSE(ftp::to_list_entry(*ftp::parse_mlsd_line("type=cdir; .")));
    EXPECT_FALSE(ftp::to_list_entry(*ftp::parse_mlsd_line("type=pdir; ..")));
    auto odd =
        ftp::to_list_entry(*ftp::parse_mlsd_line("type=file;modify=2024;size=x;unix.mode=9; o"));
    ASSERT_TRUE(odd);
    EXPECT_FALSE(odd->modified);
    EXPECT_FALSE(odd->size);
    EXPECT_EQ(odd->permissions, "");
}

TEST(FtpMlsd, Facts) {
    auto e = ftp::parse_mlsd_line("Type=file;Size=12;modify=20240101120000; a b;c.txt");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->name, "a b;c.txt");
    EXPECT_EQ(e->facts.at("type"), "file");
    EXPECT_EQ(e->facts.at("size"), "12");
    EXPECT_EQ(ftp::parse_mlsd_line("type=file;no-space").error(), ftp::error::bad_listing);
}

} // namespace
