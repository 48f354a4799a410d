#include "fetch_form.hpp"
#include "read_file.hpp"

#include <netkit/http/multipart.hpp>

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace netkit::cli {

bool load_data(const std::string& spec, std::string& out) {
    if (spec.empty() || spec.front() != '@') {
        out = spec;
        return true;
    }
    auto text = read_whole_file(spec.substr(1));
    if (!text) {
        return false;
    }
    out = std::move(*text);
    return true;
}

encoded_form form_body(const std::vector<std::string>& fields) {
    encoded_form out;
    std::vector<http::form_part> parts;
    for (const auto& field : fields) {
        const auto eq = field.find('=');
        if (eq == std::string::npos || eq == 0) {
            out.error = "bad -F '" + field + "': give name=value or name=@file";
            return out;
        }
        http::form_part part;
        part.name = field.substr(0, eq);
        std::string value = field.substr(eq + 1);
        if (!value.empty() && value.front() == '@') {
            std::string path = value.substr(1);
            std::string type, filename;
            for (auto semi = path.find(';'); semi != std::string::npos; semi = path.find(';')) {
                const std::string option = path.substr(semi + 1);
                path.resize(semi);
                for (std::string_view rest = option; !rest.empty();) {
                    const auto next = rest.find(';');
                    const auto item = rest.substr(0, next);
                    if (item.starts_with("type="))
                        type = std::string(item.substr(5));
                    if (item.starts_with("filename="))
                        filename = std::string(item.substr(9));
                    rest =
                        next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
                }
            }
            if (type.find_first_of("\r\n") != std::string::npos) {
                out.error = "bad type in -F '" + field + "'";
                return out;
            }
            std::string content;
            if (!load_data("@" + path, content)) {
                out.error = "cannot read '" + path + "' for -F";
                return out;
            }
            part.value = std::move(content);
            part.filename =
                filename.empty() ? std::filesystem::path(path).filename().string() : filename;
            part.content_type = type;
        } else {
            part.value = std::move(value);
        }
        parts.push_back(std::move(part));
    }
    auto form = http::encode_form(parts);
    if (!form) {
        out.error = "no boundary fits the -F data";
        return out;
    }
    out.content_type = std::move(form->content_type);
    out.body = std::move(form->body);
    return out;
}

} // namespace netkit::cli
