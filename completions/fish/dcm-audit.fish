function __dcm-audit_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-audit_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-audit_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-audit_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-audit_parse_tokens -S
    set -l unparsed_tokens (__dcm-audit_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-audit'
        __dcm-audit_parse_subcommand 0 'original=+' 'output=+' 'uid-map=' 'mapping-dir=' 'ocr' 'tessdata=' 'json' 'show-values' 'ignore=+' 'allow=+' 'no-verify' 'strict' 'j/jobs=' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-audit_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-audit_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-audit_parse_subcommand -S -a positional_count
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

function __dcm-audit_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-audit_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-audit_tokens -p)
    if test -z "$(__dcm-audit_tokens -t)"
        set -l index (count (__dcm-audit_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-audit' -f
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit"' -l 'original' -d 'Original file or directory (repeatable).' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit"' -l 'output' -d 'De-identified file or directory (repeatable), or `-` for a dcm-stream on standard input.' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" uid-map' -l 'uid-map' -d 'uid_mapping.csv, to pair outputs with originals (default: MAPPING-DIR/uid_mapping.csv, else OUT/uid_mapping.csv when present).' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" mapping-dir' -l 'mapping-dir' -d 'Directory holding dcm-pseudo\'s uid_mapping.csv.' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" ocr' -l 'ocr' -d 'Also search text recognized in output pixels, read as dcm-redact-pixels reads them.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" tessdata' -l 'tessdata' -d 'Directory holding Tesseract\'s eng.traineddata (for --ocr).' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" json' -l 'json' -d 'Print JSON lines: one per leak, then the summary.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" show-values' -l 'show-values' -d 'Print the identifying value of each leak (for the operator only: this prints PHI).'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit"' -l 'ignore' -d 'Do not report this kind: name, id, date, uid, address, phone, institution (repeatable).' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit"' -l 'allow' -d 'A word that identifies nobody in these files (a phantom\'s or test patient\'s name part, a site\'s device name): values made only of such words are not searched for (repeatable).' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" no-verify' -l 'no-verify' -d 'Do not run dciodvfy.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" strict' -l 'strict' -d 'Exit 1 also when outputs have dciodvfy errors their originals did not have.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" j jobs' -l 'jobs' -s 'j' -d 'Images read by OCR at once and parallel dciodvfy processes.' -rfka ''
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_positional "dcm-audit" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-audit' -n '__dcm-audit_should_offer_completions_for_flags_or_options "dcm-audit help" version' -l 'version' -d 'Show the version.'
