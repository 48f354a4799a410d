#include <netkit/core/ascii.hpp>
#include <netkit/http/error.hpp>
#include <netkit/http/fields.hpp>

#include "http/detail/chars.hpp"

#include <algorithm>

namespace netkit::http {

result<void> check_field(std::string_view name, std::string_view value) noexcept {
    if (!detail::is_token(name)) {
        return error::bad_field_name;
    }
    for (char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') {
            return error::bad_field_value; // would end the field, or the head, early
        }
    }
    return {};
}

std::optional<std::string_view> fields::get(std::string_view name) const noexcept {
    for (const auto& f : fields_) {
        if (iequals(f.name, name)) {
            return f.value;
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> fields::get_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& f : fields_) {
        if (iequals(f.name, name)) {
            out.push_back(f.value);
        }
    }
    return out;
}

result<void> fields::set(std::string_view name, std::string_view value) {
    if (auto ok = check_field(name, value); !ok) {
        return ok;
    }
    auto first = std::find_if(fields_.begin(), fields_.end(),
                              [&](const field& f) { return iequals(f.name, name); });
    if (first == fields_.end()) {
        fields_.push_back({std::string(name), std::string(value)});
        return {};
    }
    first->value.assign(value);
    fields_.erase(std::remove_if(first + 1, fields_.end(),
                                 [&](const field& f) { return iequals(f.name, name); }),
                  fields_.end());
    return {};
}

result<void> fields::add(std::string_view name, std::string_view value) {
    if (auto ok = check_field(name, value); !ok) {
        return ok;
    }
    fields_.push_back({std::string(name), std::string(value)});
    return {};
}

std::size_t fields::erase(std::string_view name) noexcept {
    const auto before = fields_.size();
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                                 [&](const field& f) { return iequals(f.name, name); }),
                  fields_.end());
    return before - fields_.size();
}

wire_fields::wire_fields(const fields& f) {
    for (const auto& field : f) {
        text_.append(field.name).append(": ").append(field.value).append("\r\n");
        (void)lowercase_.add(lower_copy(field.name), field.value); // checked once already
    }
}

} // namespace netkit::http
