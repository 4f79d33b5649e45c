function __dcm-scrub_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-scrub_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-scrub_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-scrub_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-scrub_parse_tokens -S
    set -l unparsed_tokens (__dcm-scrub_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-scrub'
        __dcm-scrub_parse_subcommand 0 'p/profile=' 'retain-safe-private' 'no-retain-safe-private' 'retain-uids' 'no-retain-uids' 'retain-device-identity' 'no-retain-device-identity' 'retain-institution-identity' 'no-retain-institution-identity' 'retain-patient-characteristics' 'no-retain-patient-characteristics' 'retain-full-dates' 'no-retain-full-dates' 'retain-modified-dates' 'no-retain-modified-dates' 'clean-descriptors' 'no-clean-descriptors' 'clean-structured-content' 'no-clean-structured-content' 'clean-graphics' 'no-clean-graphics' 'clean-pixel-data' 'no-clean-pixel-data' 'clean-visual-features' 'no-clean-visual-features' 'print-profile' 'q/quiet' 'v/verbose' 'force' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-scrub_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-scrub_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-scrub_parse_subcommand -S -a positional_count
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

function __dcm-scrub_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-scrub_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-scrub_tokens -p)
    if test -z "$(__dcm-scrub_tokens -t)"
        set -l index (count (__dcm-scrub_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-scrub' -f
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" p profile' -l 'profile' -s 'p' -d 'Built-in profile (basic, tcia) or a profile file (dcm-profile(5)).' -rfka ''
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-safe-private' -l 'retain-safe-private' -d 'Retain Safe Private Option: keep private elements the TCIA Private Tag Knowledge Base calls safe.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-safe-private' -l 'no-retain-safe-private' -d 'Retain Safe Private Option: keep private elements the TCIA Private Tag Knowledge Base calls safe.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-uids' -l 'retain-uids' -d 'Retain UIDs Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-uids' -l 'no-retain-uids' -d 'Retain UIDs Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-device-identity' -l 'retain-device-identity' -d 'Retain Device Identity Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-device-identity' -l 'no-retain-device-identity' -d 'Retain Device Identity Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-institution-identity' -l 'retain-institution-identity' -d 'Retain Institution Identity Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-institution-identity' -l 'no-retain-institution-identity' -d 'Retain Institution Identity Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-patient-characteristics' -l 'retain-patient-characteristics' -d 'Retain Patient Characteristics Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-patient-characteristics' -l 'no-retain-patient-characteristics' -d 'Retain Patient Characteristics Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-full-dates' -l 'retain-full-dates' -d 'Retain Longitudinal Temporal Information with Full Dates Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-full-dates' -l 'no-retain-full-dates' -d 'Retain Longitudinal Temporal Information with Full Dates Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" retain-modified-dates' -l 'retain-modified-dates' -d 'Retain Longitudinal Temporal Information with Modified Dates Option (dates shifted by dcm-pseudo).'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-retain-modified-dates' -l 'no-retain-modified-dates' -d 'Retain Longitudinal Temporal Information with Modified Dates Option (dates shifted by dcm-pseudo).'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" clean-descriptors' -l 'clean-descriptors' -d 'Clean Descriptors Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-clean-descriptors' -l 'no-clean-descriptors' -d 'Clean Descriptors Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" clean-structured-content' -l 'clean-structured-content' -d 'Clean Structured Content Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-clean-structured-content' -l 'no-clean-structured-content' -d 'Clean Structured Content Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" clean-graphics' -l 'clean-graphics' -d 'Clean Graphics Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-clean-graphics' -l 'no-clean-graphics' -d 'Clean Graphics Option.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" clean-pixel-data' -l 'clean-pixel-data' -d 'Clean Pixel Data Option (on in both built-in profiles): dcm-write then needs dcm-redact-pixels for every record with pixel data; --no-clean-pixel-data only for images known to hold no burned-in text.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-clean-pixel-data' -l 'no-clean-pixel-data' -d 'Clean Pixel Data Option (on in both built-in profiles): dcm-write then needs dcm-redact-pixels for every record with pixel data; --no-clean-pixel-data only for images known to hold no burned-in text.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" clean-visual-features' -l 'clean-visual-features' -d 'Clean Recognizable Visual Features Option (declared only).'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" no-clean-visual-features' -l 'no-clean-visual-features' -d 'Clean Recognizable Visual Features Option (declared only).'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" print-profile' -l 'print-profile' -d 'Print the action of every attribute of PS3.15 Table E.1-1 under the profile and exit.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" force' -l 'force' -d 'Write the stream even when standard output is a terminal.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_positional "dcm-scrub" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-scrub' -n '__dcm-scrub_should_offer_completions_for_flags_or_options "dcm-scrub help" version' -l 'version' -d 'Show the version.'
