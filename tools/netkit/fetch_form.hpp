// netkit fetch's request bodies: data from the command line or a file, and
// curl's -F syntax as multipart/form-data.
#pragma once

#include <string>
#include <vector>

namespace netkit::cli {

/// "@file" reads the file into `out`; anything else is the data itself.
/// False when the file cannot be read.
bool load_data(const std::string& spec, std::string& out);

struct encoded_form {
    std::string content_type, body, error;
    explicit operator bool() const { return error.empty(); }
};

/// -F fields ("name=value", "name=@path;type=...;filename=...") as a
/// multipart/form-data body with a fresh boundary; `error` says what is wrong.
encoded_form form_body(const std::vector<std::string>& fields);

} // namespace netkit::cli
