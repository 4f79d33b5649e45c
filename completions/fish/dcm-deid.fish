function __dcm-deid_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-deid_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-deid_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-deid_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-deid_parse_tokens -S
    set -l unparsed_tokens (__dcm-deid_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-deid'
        __dcm-deid_parse_subcommand -r 1 'files-from=' '0/null' 'p/profile=' 'key-file=' 'mapping-dir=' 'layout=' 'dicomdir' 'overwrite' 'skip-existing' 'report=' 'allow-incomplete' 'parse-opt=+' 'scrub-opt=+' 'pseudo-opt=+' 'redact-opt=+' 'write-opt=+' 'n/dry-run' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-deid_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-deid_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-deid_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __dcm-deid_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-deid_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-deid_tokens -p)
    if test -z "$(__dcm-deid_tokens -t)"
        set -l index (count (__dcm-deid_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-deid' -f
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" files-from' -l 'files-from' -d 'dcm-parse: also read input paths from FILE (`-`: standard input).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" 0 null' -s '0' -l 'null' -d 'dcm-parse: paths in --files-from are NUL-separated.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" p profile' -l 'profile' -s 'p' -d 'dcm-scrub: built-in profile (basic, tcia) or a profile file (dcm-profile(5)).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" key-file' -l 'key-file' -d 'dcm-pseudo: secret key file; the same key gives the same pseudonyms everywhere.' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" mapping-dir' -l 'mapping-dir' -d 'dcm-pseudo: append uid_mapping.csv and patid_mapping.csv here (keep it apart from OUT: it re-identifies).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" layout' -l 'layout' -d 'dcm-write: file path template under OUT.' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" dicomdir' -l 'dicomdir' -d 'dcm-write: name files as PS3.10 file IDs and write a new OUT/DICOMDIR (input DICOMDIRs are never copied).'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" overwrite' -l 'overwrite' -d 'dcm-write: replace files that already exist.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" skip-existing' -l 'skip-existing' -d 'dcm-write: count files already there with the same bytes as done (resume an interrupted run).'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" report' -l 'report' -d 'dcm-write: append a JSON line per failed record and a summary to FILE.' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" allow-incomplete' -l 'allow-incomplete' -d 'Skip de-identification stages that are not installed, and let dcm-write write records whose required steps were not all done.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid"' -l 'parse-opt' -d 'Extra argument for dcm-parse (repeatable).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid"' -l 'scrub-opt' -d 'Extra argument for dcm-scrub (repeatable).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid"' -l 'pseudo-opt' -d 'Extra argument for dcm-pseudo (repeatable).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid"' -l 'redact-opt' -d 'Extra argument for dcm-redact-pixels (repeatable).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid"' -l 'write-opt' -d 'Extra argument for dcm-write (repeatable).' -rfka ''
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" dry-run n' -s 'n' -l 'dry-run' -d 'Print the pipe on standard output and exit without running it.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_positional "dcm-deid" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-deid' -n '__dcm-deid_should_offer_completions_for_flags_or_options "dcm-deid help" version' -l 'version' -d 'Show the version.'
