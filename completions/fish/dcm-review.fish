function __dcm-review_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-review_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-review_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-review_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-review_parse_tokens -S
    set -l unparsed_tokens (__dcm-review_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-review'
        __dcm-review_parse_subcommand -r 1 'output=+' 'report=' 'mapping-dir=' 'uid-map=' 'write-report=' 'no-before' 'show-values' 'page-size=' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-review_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-review_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-review_parse_subcommand -S -a positional_count
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

function __dcm-review_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-review_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-review_tokens -p)
    if test -z "$(__dcm-review_tokens -t)"
        set -l index (count (__dcm-review_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-review' -f
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review"' -l 'output' -d 'The de-identified output tree (repeatable).' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" report' -l 'report' -d 'Directory to write index.html, the series pages and img/ into (created).' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" mapping-dir' -l 'mapping-dir' -d 'Directory holding dcm-pseudo\'s uid_mapping.csv, to pair outputs with originals.' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" uid-map' -l 'uid-map' -d 'uid_mapping.csv itself (default: MAPPING-DIR/uid_mapping.csv).' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" write-report' -l 'write-report' -d 'dcm-write\'s (or dcm-deid\'s) --report file: lists refused files by cause.' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" no-before' -l 'no-before' -d 'Leave out the before thumbnails (they show burned-in identifying text).'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" show-values' -l 'show-values' -d 'Show header values and leaked values (this puts PHI in the report).'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" page-size' -l 'page-size' -d 'Images per series page.' -rfka ''
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_positional "dcm-review" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-review' -n '__dcm-review_should_offer_completions_for_flags_or_options "dcm-review help" version' -l 'version' -d 'Show the version.'
