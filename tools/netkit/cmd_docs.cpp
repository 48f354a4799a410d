// netkit completion bash|zsh and netkit man: shell completion and the manual
// page, both made from the command's own option definitions (the ones --help
// prints), so that they cannot drift from it.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <string>
#include <vector>

namespace netkit::cli {
namespace {

// Every command of the tree, with its path ("", " chat", " chat server").
struct command_node {
    std::string path;
    const CLI::App* app;
};

void collect(const CLI::App* app, const std::string& path, std::vector<command_node>& out) {
    out.push_back({path, app});
    for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
        collect(sub, path + " " + sub->get_name(), out);
    }
}

std::vector<std::string> option_names(const CLI::App* app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app->get_options()) {
        for (const auto& s : o->get_snames()) {
            names.push_back("-" + s);
        }
        for (const auto& l : o->get_lnames()) {
            names.push_back("--" + l);
        }
    }
    return names;
}

// bash: the words that may come next, by the commands typed so far.
std::string bash_completion(const CLI::App& root) {
    std::vector<command_node> nodes;
    collect(&root, "", nodes);
    std::string known, table;
    for (const auto& n : nodes) {
        std::string words;
        for (const CLI::App* sub : n.app->get_subcommands([](const CLI::App*) { return true; })) {
            words += sub->get_name() + " ";
            known +=
                "            \"" + n.path + " " + sub->get_name() + "\") path=\"$path $w\" ;;\n";
        }
        if (n.path.empty()) {
            words += "help completion ";
        }
        for (const auto& name : option_names(n.app)) {
            words += name + " ";
        }
        table += "        \"" + n.path + "\") words=\"" + words + "\" ;;\n";
    }
    return "# bash completion for netkit (netkit completion bash), made from its options\n"
           "_netkit() {\n"
           "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" words=\"\" w i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        w=\"${COMP_WORDS[i]}\"\n"
           "        case \"$path $w\" in\n" +
           known +
           "        esac\n"
           "    done\n"
           "    case \"$path\" in\n" +
           table +
           "    esac\n"
           "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
           "}\n"
           "complete -o default -F _netkit netkit\n";
}

// roff: quotes and backslashes, and a leading dot, made literal.
std::string roff(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
        out.insert(0, "\\&");
    }
    return out;
}

std::string man_page(const CLI::App& root) {
    std::vector<command_node> nodes;
    collect(&root, "", nodes);
    std::string summary = root.get_description();
    if (summary.starts_with("netkit: ")) {
        summary.erase(0, 8);
    }
    std::string page =
        ".TH NETKIT 1 \"\" \"netkit " NETKIT_VERSION "\" \"User Commands\"\n"
        ".SH NAME\nnetkit \\- " +
        roff(summary) +
        "\n.SH SYNOPSIS\n.B netkit\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n"
        ".SH DESCRIPTION\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR; "
        "\\fBnetkit help\\fR \\fICOMMAND\\fR says the same.\n"
        ".SH COMMANDS\n";
    for (const auto& n : nodes) {
        if (n.path.empty()) {
            continue;
        }
        page += ".SS \"netkit" + roff(n.path) + "\"\n" + roff(n.app->get_description()) + "\n";
        for (const CLI::Option* o : n.app->get_options()) {
            const auto& longs = o->get_lnames();
            if ((longs.empty() && o->get_snames().empty() && !o->get_positional()) ||
                (!longs.empty() && (longs[0] == "help" || longs[0] == "help-all"))) {
                continue; // every command has --help; the page says it once
            }
            std::string names = o->get_name(true, true);
            const std::string type = o->get_type_name();
            page +=
                ".TP\n.B " + roff(names) +
                (type.empty() || o->get_expected_max() == 0 ? "" : " \\fI" + roff(type) + "\\fR") +
                "\n" + roff(o->get_description()) + "\n";
        }
        if (!n.app->get_footer().empty() && n.app->get_footer() != exit_code_help) {
            page += ".PP\n.nf\n" + roff(n.app->get_footer()) + "\n.fi\n";
        }
    }
    page += ".SH \"EXIT STATUS\"\n.nf\n" + roff(exit_code_help) + "\n.fi\n";
    page += ".SH \"SEE ALSO\"\ncurl(1), python3(1)\n";
    return page;
}

} // namespace

void add_docs_commands(CLI::App& app, action& run) {
    auto shell = std::make_shared<std::string>();
    auto* completion = app.add_subcommand("completion", "Print shell completion: bash or zsh");
    completion->add_option("shell", *shell, "bash or zsh")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh"}));
    completion->callback([&app, &run, shell] {
        run = [&app, shell] {
            const std::string script = bash_completion(app);
            // zsh takes bash's completion through bashcompinit.
            print_raw(*shell == "zsh"
                          ? "#compdef netkit\nautoload -U +X bashcompinit && bashcompinit\n" +
                                script
                          : script);
            return exit_ok;
        };
    });
    auto* man =
        app.add_subcommand("man", "Print the manual page (roff), as installed for man netkit");
    man->callback([&app, &run] {
        run = [&app] {
            print_raw(man_page(app));
            return exit_ok;
        };
    });
}

} // namespace netkit::cli
