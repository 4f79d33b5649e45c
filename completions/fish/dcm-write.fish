function __dcm-write_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-write_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-write_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-write_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-write_parse_tokens -S
    set -l unparsed_tokens (__dcm-write_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-write'
        __dcm-write_parse_subcommand 0 'o/output=' 'layout=' 'dicomdir' 'dicomdir-only' 'overwrite' 'skip-existing' 'rewrite-meta' 'allow-incomplete' 'report=' 'q/quiet' 'v/verbose' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __dcm-write_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-write_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-write_parse_subcommand -S -a positional_count
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

function __dcm-write_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-write_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-write_tokens -p)
    if test -z "$(__dcm-write_tokens -t)"
        set -l index (count (__dcm-write_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-write' -f
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" o output' -l 'output' -s 'o' -d 'Output directory (created if missing).' -rfka ''
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" layout' -l 'layout' -d 'File path template under DIR: {Keyword} or {GGGGEEEE} placeholders, {Keyword:ID} for a PS3.10 file ID component (default {StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm; with --dicomdir {StudyInstanceUID:ID}/{SeriesInstanceUID:ID}/{SOPInstanceUID:ID}).' -rfka ''
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" dicomdir' -l 'dicomdir' -d 'Name files as PS3.10 file IDs and write DIR/DICOMDIR for every file under DIR at the end.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" dicomdir-only' -l 'dicomdir-only' -d 'Read no stream: (re)build DIR/DICOMDIR from the files under DIR.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" overwrite' -l 'overwrite' -d 'Replace files that already exist.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" skip-existing' -l 'skip-existing' -d 'Count a file that exists with exactly the bytes it would be written with as done (to resume a run).'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" rewrite-meta' -l 'rewrite-meta' -d 'Rewrite the file meta group even for records no stage changed.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" allow-incomplete' -l 'allow-incomplete' -d 'Write records that were not (fully) de-identified, e.g. for a plain copy.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" report' -l 'report' -d 'Append a JSON line per failed record and a summary line to FILE.' -rfka ''
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_positional "dcm-write" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-write' -n '__dcm-write_should_offer_completions_for_flags_or_options "dcm-write help" version' -l 'version' -d 'Show the version.'
