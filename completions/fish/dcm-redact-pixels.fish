function __dcm-redact-pixels_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-redact-pixels_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-redact-pixels_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-redact-pixels_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-redact-pixels_parse_tokens -S
    set -l unparsed_tokens (__dcm-redact-pixels_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-redact-pixels'
        __dcm-redact-pixels_parse_subcommand 0 'policy=' 'all' 'mask=' 'margin=' 'fill=' 'frames=' 'no-precheck' 'undecodable=' 'keep-overlays' 'tessdata=' 'j/jobs=' 'ocr-threads=' 'skip-existing=' 'layout=' 'q/quiet' 'v/verbose' 'force' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-redact-pixels_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-redact-pixels_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-redact-pixels_parse_subcommand -S -a positional_count
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

function __dcm-redact-pixels_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-redact-pixels_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-redact-pixels_tokens -p)
    if test -z "$(__dcm-redact-pixels_tokens -t)"
        set -l index (count (__dcm-redact-pixels_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-redact-pixels' -f
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" policy' -l 'policy' -d 'Which images are read: default, modality, flagged (Burned In Annotation YES only), all.' -rfka 'default modality flagged all'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" all' -l 'all' -d 'Read every frame of every image (same as --policy all --frames every --no-precheck).'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" mask' -l 'mask' -d 'What is masked: identifying (default) or all-text.' -rfka 'identifying all-text'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" margin' -l 'margin' -d 'Pixels added around each masked word.' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" fill' -l 'fill' -d 'Mask colour in the image\'s own terms: black or white.' -rfka 'black white'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" frames' -l 'frames' -d 'Multi-frame images: changed (first frame, then regions that change) or every.' -rfka 'changed every'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" no-precheck' -l 'no-precheck' -d 'OCR whole frames without the text-structure pre-check.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" undecodable' -l 'undecodable' -d 'Images that cannot be decoded: fail (error record, default) or pass (unredacted, with a warning).' -rfka 'fail pass'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" keep-overlays' -l 'keep-overlays' -d 'Keep overlay planes (60xx) of examined images.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" tessdata' -l 'tessdata' -d 'Directory holding Tesseract\'s eng.traineddata.' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" j jobs' -l 'jobs' -s 'j' -d 'Images read at once, each by its own Tesseract engine (default: the number of processors, at most 8).' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" ocr-threads' -l 'ocr-threads' -d 'Candidate regions of one image read at once, each thread with its own engine.' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" skip-existing' -l 'skip-existing' -d 'Do not read images whose output file under DIR exists already (a resumed run; with dcm-write --skip-existing).' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" layout' -l 'layout' -d 'With --skip-existing: dcm-write\'s --layout.' -rfka ''
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" force' -l 'force' -d 'Write the stream even when standard output is a terminal.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_positional "dcm-redact-pixels" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-redact-pixels' -n '__dcm-redact-pixels_should_offer_completions_for_flags_or_options "dcm-redact-pixels help" version' -l 'version' -d 'Show the version.'
