function __dcm-json_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-json_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-json_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-json_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-json_parse_tokens -S
    set -l unparsed_tokens (__dcm-json_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-json'
        __dcm-json_parse_subcommand -r 1 'record' 'meta' 'inline-bulk' 'to-stream' 'json-header' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-json_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-json_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-json_parse_subcommand -S -a positional_count
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

function __dcm-json_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-json_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-json_tokens -p)
    if test -z "$(__dcm-json_tokens -t)"
        set -l index (count (__dcm-json_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-json' -f
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" record' -l 'record' -d 'Print the whole stream record (source, transfer syntax, file meta, extension members) instead of the plain data set.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" meta' -l 'meta' -d 'Include the file meta group (0002,xxxx) elements in the plain data set.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" inline-bulk' -l 'inline-bulk' -d 'With --record: bulk values as InlineBinary with _len, so that each line holds the whole record (for --to-stream).'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" to-stream' -l 'to-stream' -d 'Read JSON lines (--record lines, plain data sets, error lines) on standard input and write a dcm-stream.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" json-header' -l 'json-header' -d 'With --to-stream: write JSON record headers (a version 2 stream) instead of binary ones.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_positional "dcm-json" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-json' -n '__dcm-json_should_offer_completions_for_flags_or_options "dcm-json help" version' -l 'version' -d 'Show the version.'
