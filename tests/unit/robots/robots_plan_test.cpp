// The plan a question is answered by (rules in decision order, split into
// lists by the path's second byte and a list for any path, filtered by the
// bytes a pattern needs) gives the answers of the plain reading of RFC
// 9309: every rule of the agent's groups tried in turn, the longest match
// winning, Allow winning a tie, then the first line. Files and paths are
// drawn from a small alphabet so that rules collide often.
#include <netkit/core/ascii.hpp>
#include <netkit/robots/pattern.hpp>
#include <netkit/robots/robots_txt.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

namespace robots = netkit::robots;

struct plain_answer {
    bool allowed = true;
    std::size_t line = 0; // 0: no rule matched
};

// §2.2.2 read literally, from what the file says its groups and rules are.
plain_answer plain_reading(const robots::robots_txt& r, std::string_view agent,
                           std::string_view path) {
    std::vector<const robots::group*> chosen;
    for (const auto& g : r.groups()) {
        for (const auto& a : g.agents) {
            if (netkit::iequals(a, agent)) {
                chosen.push_back(&g);
                break;
            }
        }
    }
    if (chosen.empty()) {
        for (const auto& g : r.groups()) {
            if (g.global) {
                chosen.push_back(&g);
            }
        }
    }
    plain_answer best;
    std::size_t best_length = 0;
    bool best_allow = false;
    const auto consider = [&](const robots::rule& rl, std::string_view pattern) {
        if (!robots::pattern_matches(path, pattern)) {
            return;
        }
        const bool better =
            best.line == 0 || pattern.size() > best_length ||
            (pattern.size() == best_length &&
             ((rl.allow && !best_allow) || (rl.allow == best_allow && rl.line < best.line)));
        if (better) {
            best = {rl.allow || pattern.empty(), rl.line};
            best_length = pattern.size();
            best_allow = rl.allow;
        }
    };
    for (const robots::group* g : chosen) {
        for (const robots::rule& rl : g->rules) {
            consider(rl, rl.pattern);
            if (!rl.index_folder.empty()) {
                consider(rl, rl.index_folder);
            }
        }
    }
    return best;
}

std::string random_pattern(std::mt19937& rng) {
    static const std::vector<std::string> pieces{"a", "b",   "ab",         "ba", "/", "*",
                                                 "$", "%41", "index.html", "?",  "x"};
    std::string p = rng() % 8 == 0 ? "" : "/";
    for (std::size_t n = rng() % 5; n > 0; --n) {
        p += pieces[rng() % pieces.size()];
    }
    return p;
}

TEST(RobotsPlan, AnswersAsEveryRuleTriedInTurn) {
    std::mt19937 rng(9309);
    const std::vector<std::string> agents{"a", "B", "googlebot", "*"};
    std::size_t decided_by_rule = 0;
    for (int file = 0; file < 400; ++file) {
        std::string body;
        for (std::size_t groups = 1 + rng() % 4; groups > 0; --groups) {
            for (std::size_t n = 1 + rng() % 2; n > 0; --n) {
                body += "User-agent: " + agents[rng() % agents.size()] + "\n";
            }
            for (std::size_t n = rng() % 12; n > 0; --n) {
                body += (rng() % 2 == 0 ? "Allow: " : "Disallow: ") + random_pattern(rng) + "\n";
            }
        }
        const auto r = robots::robots_txt::parse(body);
        for (int q = 0; q < 60; ++q) {
            const std::string agent = q % 7 == 0 ? "Other" : agents[rng() % 3];
            // (A path as a URL's: it starts with '/'; '*' and '$' are bytes.)
            std::string path = random_pattern(rng);
            if (!path.starts_with('/')) {
                path.insert(0, 1, '/');
            }
            const auto expected = plain_reading(r, agent, robots::path_params_query(path));
            const auto d = r.decide(agent, path);
            ASSERT_EQ(d.allowed, expected.allowed) << body << agent << " " << path;
            ASSERT_EQ(d.line, expected.line) << body << agent << " " << path;
            decided_by_rule += d.line != 0 ? 1 : 0;
        }
    }
    // The draw is not degenerate: most questions meet a rule.
    EXPECT_GT(decided_by_rule, 400u * 60 / 2);
}

} // namespace
