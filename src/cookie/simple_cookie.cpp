#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/core/ascii.hpp>

#include "cookie/detail/cookie_pattern.hpp"

namespace netkit::cookie {
namespace {

bool is_flag(std::string_view key) {
    return iequals(key, "secure") || iequals(key, "httponly");
}

} // namespace

std::pair<std::string, std::string> simple_cookie::value_decode(std::string_view coded) {
    return {unquote(coded), std::string(coded)};
}

std::pair<std::string, std::string> simple_cookie::value_encode(std::string_view value) {
    return {std::string(value), quote(value)};
}

void simple_cookie::load(std::string_view text) {
    // BaseCookie.__parse_string: the items are read first, and applied only
    // when the whole text was acceptable.
    struct item {
        bool is_attribute;
        std::string key;
        morsel::attribute_value value;               // attributes
        std::pair<std::string, std::string> decoded; // pairs: (value, coded value)
    };
    std::vector<item> items;
    bool morsel_seen = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto match = detail::match_cookie_pattern(text, i);
        if (!match) {
            break;
        }
        i = match->end;
        const std::string_view key = match->key;
        if (key.front() == '$') {
            if (morsel_seen) { // "$Path=..." belongs to the pair before it
                items.push_back({true,
                                 std::string(key.substr(1)),
                                 match->value ? morsel::attribute_value(std::string(*match->value))
                                              : morsel::attribute_value(std::monostate()),
                                 {}});
            }
        } else if (morsel::is_reserved_key(key)) {
            if (!morsel_seen) {
                return; // an attribute before any pair: nothing is taken
            }
            if (!match->value) {
                if (!is_flag(key)) {
                    return; // "path" alone
                }
                items.push_back({true, std::string(key), true, {}});
            } else {
                items.push_back({true, std::string(key), unquote(*match->value), {}});
            }
        } else if (match->value) {
            items.push_back({false, std::string(key), {}, value_decode(*match->value)});
            morsel_seen = true;
        } else {
            return; // a bare word: nothing is taken
        }
    }
    morsel* current = nullptr;
    for (auto& it : items) {
        if (it.is_attribute) {
            current->set_attribute(it.key, std::move(it.value)); // throws for "$Name"
        } else {
            current = &assign(it.key, std::move(it.decoded.first), std::move(it.decoded.second));
        }
    }
}

morsel& simple_cookie::assign(std::string_view key, std::string value, std::string coded) {
    // BaseCookie.__set: the morsel there (its attributes kept) or a new one,
    // stored only once Morsel.set has accepted the key.
    const auto found = morsels_.find(key);
    morsel m = found != morsels_.end() ? found->second : morsel();
    m.set(key, std::move(value), std::move(coded));
    return morsels_.insert_or_assign(std::string(key), std::move(m)).first->second;
}

void simple_cookie::set(std::string_view key, std::string_view value) {
    auto [real, coded] = value_encode(value);
    assign(key, std::move(real), std::move(coded));
}

void simple_cookie::set(std::string_view key, morsel m) {
    morsels_.insert_or_assign(std::string(key), std::move(m));
}

morsel& simple_cookie::at(std::string_view key) {
    const auto found = morsels_.find(key);
    if (found == morsels_.end()) {
        throw std::out_of_range("no cookie named '" + std::string(key) + "'");
    }
    return found->second;
}

const morsel& simple_cookie::at(std::string_view key) const {
    return const_cast<simple_cookie&>(*this).at(key);
}

const morsel* simple_cookie::find(std::string_view key) const {
    const auto found = morsels_.find(key);
    return found == morsels_.end() ? nullptr : &found->second;
}

bool simple_cookie::erase(std::string_view key) {
    const auto found = morsels_.find(key);
    if (found == morsels_.end()) {
        return false;
    }
    morsels_.erase(found);
    return true;
}

std::string simple_cookie::output(const attribute_names& attrs, std::string_view header,
                                  std::string_view sep) const {
    std::string out;
    for (const auto& [key, m] : morsels_) {
        if (!out.empty()) {
            out += sep;
        }
        out += m.output(attrs, header);
    }
    return out;
}

std::string simple_cookie::js_output(const attribute_names& attrs) const {
    std::string out;
    for (const auto& [key, m] : morsels_) {
        out += m.js_output(attrs);
    }
    return out;
}

} // namespace netkit::cookie
