// Reading as Python's Unmarshaller reads (a stack of values, marks where
// arrays and structs begin, the text of the last element), over expat with
// everything a hostile document could use against the reader turned off.
#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/error.hpp>

#include "detail/python_numbers.hpp"

#include <expat.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>

namespace netkit::xmlrpc {

namespace {

enum class tag {
    other, // an element that is no type (methodCall, param, member, data, ...)
    nil,
    boolean,
    integer,  // int, i1, i2, i4, i8, biginteger
    floating, // double, float, bigdecimal
    string,
    name,
    array,
    structure,
    base64,
    date_time,
    value,
    params,
    fault,
    method_name,
};

// The element's name without a namespace prefix (Python splits at ':'),
// as expat gives it (NUL-terminated): picked by its first byte, then
// compared whole, since every element of every document comes this way.
tag tag_of(const char* name) {
    const char* local = name;
    for (const char* p = name; *p != '\0'; ++p) {
        local = *p == ':' ? p + 1 : local;
    }
    const auto is = [&](const char* candidate) { return std::strcmp(local, candidate) == 0; };
    switch (local[0]) {
    case 'v': return is("value") ? tag::value : tag::other;
    case 's': return is("string") ? tag::string : is("struct") ? tag::structure : tag::other;
    case 'i':
        return is("int") || is("i4") || is("i8") || is("i1") || is("i2") ? tag::integer
                                                                         : tag::other;
    case 'n': return is("name") ? tag::name : is("nil") ? tag::nil : tag::other;
    case 'a': return is("array") ? tag::array : tag::other;
    case 'd':
        return is("double") ? tag::floating : is("dateTime.iso8601") ? tag::date_time : tag::other;
    case 'b':
        return is("boolean")      ? tag::boolean
               : is("base64")     ? tag::base64
               : is("biginteger") ? tag::integer
               : is("bigdecimal") ? tag::floating
                                  : tag::other;
    case 'p': return is("params") ? tag::params : tag::other;
    case 'f': return is("fault") ? tag::fault : is("float") ? tag::floating : tag::other;
    case 'm': return is("methodName") ? tag::method_name : tag::other;
    default: return tag::other;
    }
}

unsigned long process_salt() {
    static const unsigned long salt = [] {
        std::random_device random;
        return (static_cast<unsigned long>(random()) << 32) ^ random();
    }();
    return salt;
}

// The encoding the XML declaration names, if any ("" when none).
std::string_view declared_encoding(std::string_view xml) {
    if (!xml.starts_with("<?xml")) {
        return {};
    }
    const std::string_view decl = xml.substr(0, xml.find("?>"));
    const auto at = decl.find("encoding");
    if (at == std::string_view::npos) {
        return {};
    }
    auto rest = decl.substr(at + 8);
    rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t\r\n")));
    if (rest.empty() || rest.front() != '=') {
        return {};
    }
    rest = rest.substr(1);
    rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t\r\n")));
    if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) {
        return {};
    }
    const char quote = rest.front();
    rest = rest.substr(1);
    return rest.substr(0, rest.find(quote));
}

} // namespace

namespace detail {

class reader {
public:
    explicit reader(const read_limits& limits) : limits_(limits) {}

    result<document> read(std::string_view xml, std::string* why) {
        if (xml.size() > limits_.max_size) {
            return fail_now(error::too_large,
                            "the document has " + std::to_string(xml.size()) +
                                " bytes; the limit is " + std::to_string(limits_.max_size),
                            why);
        }
        // The encoding is chosen here, not by expat: the declaration's if it
        // is one of three, UTF-8 if there is none.
        if (xml.starts_with("\xFF\xFE") || xml.starts_with("\xFE\xFF")) {
            return fail_now(error::unsupported_encoding,
                            "the XML starts with a UTF-16 byte order mark; only UTF-8, "
                            "ISO-8859-1 and US-ASCII are read",
                            why);
        }
        const std::string_view declared = declared_encoding(xml);
        const char* encoding = "UTF-8";
        if (iequals(declared, "ISO-8859-1") || iequals(declared, "latin1")) {
            encoding = "ISO-8859-1";
        } else if (iequals(declared, "US-ASCII")) {
            encoding = "US-ASCII";
        } else if (!declared.empty() && !iequals(declared, "UTF-8")) {
            return fail_now(error::unsupported_encoding,
                            "the XML declares encoding '" + std::string(declared) +
                                "'; only UTF-8, ISO-8859-1 and US-ASCII are read",
                            why);
        }
        const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
            XML_ParserCreate(encoding), &XML_ParserFree);
        if (!parser) {
            throw std::bad_alloc();
        }
        parser_ = parser.get();
        // Expat salts its hash tables against flooding, asking the kernel
        // for randomness with each parser; one salt drawn once for the
        // process keeps that and saves a system call a document.
        XML_SetHashSalt(parser_, process_salt());
        XML_SetUserData(parser_, this);
        XML_SetElementHandler(parser_, &reader::on_start, &reader::on_end);
        XML_SetCharacterDataHandler(parser_, &reader::on_text);
        XML_SetStartDoctypeDeclHandler(parser_, &reader::on_doctype);
        // (Belt and braces: no DTD gets this far.)
        XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
        XML_SetEntityDeclHandler(parser_, &reader::on_entity_declaration);

        if (XML_Parse(parser_, xml.data(), static_cast<int>(xml.size()), XML_TRUE) !=
            XML_STATUS_OK) {
            if (!failure_) {
                failure_ = error::not_well_formed;
                detail_ = std::string(XML_ErrorString(XML_GetErrorCode(parser_))) + ": line " +
                          std::to_string(XML_GetCurrentLineNumber(parser_)) + ", column " +
                          std::to_string(XML_GetCurrentColumnNumber(parser_));
            }
            return give_up(why);
        }
        return close(why);
    }

private:
    struct item {
        value v;
        bool is_name = false; // made by <name>: a struct member's
    };

    static void XMLCALL on_start(void* self, const XML_Char* name,
                                 const XML_Char** /*attributes*/) {
        static_cast<reader*>(self)->start(name);
    }
    static void XMLCALL on_end(void* self, const XML_Char* name) {
        static_cast<reader*>(self)->end(name);
    }
    static void XMLCALL on_text(void* self, const XML_Char* text, int size) {
        static_cast<reader*>(self)->text_.append(text, static_cast<std::size_t>(size));
    }
    static void XMLCALL on_doctype(void* self, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                                   const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
        static_cast<reader*>(self)->fail(error::doctype_refused,
                                         "the document has a DOCTYPE, which is not accepted");
    }
    static void XMLCALL on_entity_declaration(void* self, const XML_Char*, int, const XML_Char*,
                                              int, const XML_Char*, const XML_Char*,
                                              const XML_Char*, const XML_Char*) {
        static_cast<reader*>(self)->fail(error::doctype_refused,
                                         "the document declares an entity, which is not accepted");
    }

    void start(const char* name) {
        const tag t = tag_of(name);
        if (++depth_ > 4 * limits_.max_depth + 8) {
            return fail(error::too_deep, "elements are nested deeper than " +
                                             std::to_string(4 * limits_.max_depth + 8));
        }
        if (t == tag::array || t == tag::structure) {
            if (marks_.size() == limits_.max_depth) {
                return fail(error::too_deep, "arrays and structs are nested deeper than " +
                                                 std::to_string(limits_.max_depth));
            }
            marks_.push_back(stack_.size());
        }
        text_.clear();
        if (in_value_ && t == tag::other) {
            return fail(error::unknown_tag, "unknown tag '" + std::string(name) + "' in a <value>");
        }
        in_value_ = t == tag::value;
    }

    void end(const char* name) {
        --depth_;
        switch (tag_of(name)) {
        case tag::other: return;
        case tag::nil: push(value()); break;
        case tag::boolean:
            if (text_ == "0" || text_ == "1") {
                push(text_ == "1");
            } else {
                return fail(error::bad_boolean, "bad boolean value '" + text_ + "'");
            }
            break;
        case tag::integer: {
            auto n = detail::python_int(text_);
            if (!n) {
                return fail(n.error(), "the integer '" + text_ + "'");
            }
            push(*n);
            break;
        }
        case tag::floating: {
            auto d = detail::python_float(text_);
            if (!d) {
                return fail(d.error(), "the double '" + text_ + "'");
            }
            push(*d);
            break;
        }
        case tag::string: push(std::move(text_)); break;
        case tag::name: stack_.push_back({value(std::move(text_)), true}); break;
        case tag::array: end_array(); break;
        case tag::structure: end_struct(); break;
        case tag::base64: {
            const bool ascii = std::all_of(text_.begin(), text_.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80;
            });
            auto bytes = ascii ? base64_decode(text_) : result<std::string>(error::bad_base64);
            if (!bytes) {
                return fail(error::bad_base64, "the base64 text does not decode");
            }
            push(binary{std::move(*bytes)});
            break;
        }
        case tag::date_time: push(date_time{std::string(trim(text_))}); break;
        case tag::value:
            // A <value> with no type inside is a string.
            if (in_value_) {
                push(std::move(text_));
            }
            break;
        case tag::params: kind_ = kind::params; break;
        case tag::fault: kind_ = kind::fault; break;
        case tag::method_name:
            method_name_ = std::move(text_);
            kind_ = kind::method_name;
            break;
        }
        in_value_ = false;
    }

    void push(value v) { stack_.push_back({std::move(v), false}); }

    void end_array() {
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        array items;
        items.reserve(stack_.size() - mark);
        for (auto it = stack_.begin() + static_cast<std::ptrdiff_t>(mark); it != stack_.end();
             ++it) {
            items.push_back(std::move(it->v));
        }
        stack_.resize(mark);
        push(std::move(items));
    }

    // Names and values in turn; a name given twice keeps its first place
    // and its last value, as a Python dict does.
    void end_struct() {
        const std::size_t mark = marks_.back();
        marks_.pop_back();
        const std::size_t n = stack_.size() - mark;
        if (n % 2 != 0) {
            return fail(error::bad_struct,
                        "a struct's members do not each have a name and a value");
        }
        structure s;
        std::vector<structure::member>& members = s.members_;
        members.reserve(n / 2);
        for (std::size_t i = mark; i < stack_.size(); i += 2) {
            if (!stack_[i].is_name || stack_[i + 1].is_name) {
                return fail(error::bad_struct,
                            "a struct's members do not each have a name and a value");
            }
            members.emplace_back(std::move(*stack_[i].v.get_if<std::string>()),
                                 std::move(stack_[i + 1].v));
        }
        stack_.resize(mark);
        merge_repeated_names(members);
        push(std::move(s));
    }

    static void merge_repeated_names(std::vector<structure::member>& members) {
        const auto same_name = [&](std::size_t a, std::size_t b) {
            return members[a].first == members[b].first;
        };
        // Few members (the usual struct): any repeated name, by comparing all.
        bool repeated = false;
        if (members.size() <= 8) {
            for (std::size_t a = 0; a < members.size() && !repeated; ++a) {
                for (std::size_t b = a + 1; b < members.size() && !repeated; ++b) {
                    repeated = same_name(a, b);
                }
            }
            if (!repeated) {
                return;
            }
        }
        // By name, each name's places in order: the first place of a name
        // gets its last value, its other places go.
        std::vector<std::size_t> order(members.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return members[a].first < members[b].first;
        });
        std::vector<bool> dropped(members.size(), false);
        repeated = false;
        for (std::size_t k = 0; k < order.size();) {
            std::size_t run_end = k + 1;
            while (run_end < order.size() && same_name(order[run_end], order[k])) {
                dropped[order[run_end++]] = true;
            }
            if (run_end - k > 1) {
                members[order[k]].second = std::move(members[order[run_end - 1]].second);
                repeated = true;
            }
            k = run_end;
        }
        if (!repeated) {
            return;
        }
        std::vector<structure::member> kept;
        kept.reserve(members.size());
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (!dropped[i]) {
                kept.push_back(std::move(members[i]));
            }
        }
        members = std::move(kept);
    }

    result<document> close(std::string* why) {
        if (kind_ == kind::none || !marks_.empty()) {
            failure_ = error::not_xmlrpc;
            detail_ = marks_.empty() ? "no <params>, <fault> or <methodName>"
                                     : "an array or struct is not closed";
            return give_up(why);
        }
        document doc;
        if (kind_ == kind::fault) {
            doc.fault = stack_.empty() ? std::nullopt : as_fault(stack_[0].v);
            if (!doc.fault) {
                failure_ = error::bad_fault;
                detail_ = "the fault is not a struct of an int faultCode and a string faultString";
                return give_up(why);
            }
            return doc;
        }
        doc.method_name = std::move(method_name_);
        doc.params.reserve(stack_.size());
        for (item& i : stack_) {
            doc.params.push_back(std::move(i.v));
        }
        return doc;
    }

    void fail(std::error_code e, std::string detail) {
        if (!failure_) {
            failure_ = e;
            detail_ = std::move(detail);
        }
        XML_StopParser(parser_, XML_FALSE);
    }

    result<document> fail_now(std::error_code e, std::string detail, std::string* why) {
        failure_ = e;
        detail_ = std::move(detail);
        return give_up(why);
    }

    result<document> give_up(std::string* why) {
        if (why != nullptr) {
            *why = detail_;
        }
        return failure_;
    }

    enum class kind { none, params, fault, method_name };

    const read_limits& limits_;
    XML_Parser parser_ = nullptr;
    std::vector<item> stack_;
    std::vector<std::size_t> marks_;
    std::string text_; // of the element being read
    bool in_value_ = false;
    std::size_t depth_ = 0;
    kind kind_ = kind::none;
    std::optional<std::string> method_name_;
    std::error_code failure_;
    std::string detail_;
};

} // namespace detail

result<document> loads(std::string_view xml, const read_limits& limits, std::string* why) {
    return detail::reader(limits).read(xml, why);
}

} // namespace netkit::xmlrpc
