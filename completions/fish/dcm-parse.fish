function __dcm-parse_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-parse_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-parse_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-parse_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-parse_parse_tokens -S
    set -l unparsed_tokens (__dcm-parse_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-parse'
        __dcm-parse_parse_subcommand -r 1 'files-from=' '0/null' 'strict' 'bulk-threshold=' 'list-shares=' 'by=' 'share=' 'shares-dir=' 'q/quiet' 'v/verbose' 'force' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-parse_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-parse_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-parse_parse_subcommand -S -a positional_count
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

function __dcm-parse_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-parse_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-parse_tokens -p)
    if test -z "$(__dcm-parse_tokens -t)"
        set -l index (count (__dcm-parse_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-parse' -f
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" files-from' -l 'files-from' -d 'Read input paths from FILE, one per line (`-` for standard input).' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" 0 null' -s '0' -l 'null' -d 'Paths in --files-from are separated by NUL bytes (find -print0).'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" strict' -l 'strict' -d 'Treat inputs that are skipped (not DICOM, DICOMDIR) as errors.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" bulk-threshold' -l 'bulk-threshold' -d 'Binary values longer than N bytes travel as bulk data frames.' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" list-shares' -l 'list-shares' -d 'Read no stream: cut the inputs into N shares and print them as lists of paths (see --by, --share, --shares-dir).' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" by' -l 'by' -d 'With --list-shares: `file` deals files out in turn; `study` keeps all files of a study in one share (reads each header up to the Study Instance UID).' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" share' -l 'share' -d 'With --list-shares: print only share K (1 to N), one path per line (NUL-terminated with -0).' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" shares-dir' -l 'shares-dir' -d 'With --list-shares: write DIR/share-1 ... DIR/share-N (lists for --files-from) instead of printing.' -rfka ''
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" force' -l 'force' -d 'Write the stream even when standard output is a terminal.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_positional "dcm-parse" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-parse' -n '__dcm-parse_should_offer_completions_for_flags_or_options "dcm-parse help" version' -l 'version' -d 'Show the version.'
