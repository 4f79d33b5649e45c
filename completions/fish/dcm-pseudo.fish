function __dcm-pseudo_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-pseudo_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __dcm-pseudo_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __dcm-pseudo_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __dcm-pseudo_parse_tokens -S
    set -l unparsed_tokens (__dcm-pseudo_tokens -pc)
    switch $unparsed_tokens[1]
    case 'dcm-pseudo'
        __dcm-pseudo_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'run'
            __dcm-pseudo_parse_subcommand 0 'key-file=' 'uid-root=' 'id-prefix=' 'id-digits=' 'patient-map=' 'require-mapping' 'patient-name=' 'issuer=' 'no-patient' 'no-uids' 'no-dates' 'mapping-dir=' 'q/quiet' 'v/verbose' 'force' 'version' 'h/help'
        case 'keygen'
            __dcm-pseudo_parse_subcommand 0 'o/output=' 'version' 'h/help'
        case 'regenerate-mapping'
            __dcm-pseudo_parse_subcommand -r 1 'key-file=' 'uid-root=' 'id-prefix=' 'id-digits=' 'patient-map=' 'require-mapping' 'patient-name=' 'issuer=' 'no-patient' 'no-uids' 'no-dates' 'mapping-dir=' 'version' 'h/help'
        case 'compact-mapping'
            __dcm-pseudo_parse_subcommand 1 'version' 'h/help'
        case 'merge-mapping'
            __dcm-pseudo_parse_subcommand -r 1 'o/output=' 'version' 'h/help'
        case 'fingerprint'
            __dcm-pseudo_parse_subcommand 0 'key-file=' 'version' 'h/help'
        case 'help'
            __dcm-pseudo_parse_subcommand -r 1 'version'
        end
    end
end

function __dcm-pseudo_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __dcm-pseudo_parse_subcommand -S -a positional_count
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

function __dcm-pseudo_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __dcm-pseudo_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__dcm-pseudo_tokens -p)
    if test -z "$(__dcm-pseudo_tokens -t)"
        set -l index (count (__dcm-pseudo_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'dcm-pseudo' -f
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'run' -d 'Pseudonymize a dcm-stream from standard input to standard output (the default).'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'keygen' -d 'Create a new random key file (mode 0600); prints only its fingerprint.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'regenerate-mapping' -d 'Rebuild uid_mapping.csv and patid_mapping.csv from the original files and the key alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'compact-mapping' -d 'Remove duplicate rows from the mapping files in DIR (safe while writers run).'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'merge-mapping' -d 'Merge the mapping folders of several hosts or tasks into one (one header, one row per original, sorted).'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'fingerprint' -d 'Print the fingerprint of the key in use (first 8 hex digits of its SHA-256).'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_positional "dcm-pseudo" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" key-file' -l 'key-file' -d 'Secret key file (hex). Default: $DCM_DEID_KEY_FILE, else $XDG_CONFIG_HOME/dcm-deid/key, else ~/.config/dcm-deid/key, created on first use.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" uid-root' -l 'uid-root' -d 'Root of replacement UIDs (2.25: UUID-derived).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" id-prefix' -l 'id-prefix' -d 'Prefix of new PatientIDs.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" id-digits' -l 'id-digits' -d 'Number of digits after the prefix (6-30).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" patient-map' -l 'patient-map' -d 'CSV of original,new[,days] PatientIDs to use instead of hashed ones.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" require-mapping' -l 'require-mapping' -d 'Fail records whose PatientID is not in --patient-map.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" patient-name' -l 'patient-name' -d 'PatientName becomes the new PatientID (id) or empty.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" issuer' -l 'issuer' -d 'Value for Issuer of Patient ID where present (default: remove it).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" no-patient' -l 'no-patient' -d 'Leave PatientID and PatientName alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" no-uids' -l 'no-uids' -d 'Leave UIDs alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" no-dates' -l 'no-dates' -d 'Leave dates alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" mapping-dir' -l 'mapping-dir' -d 'Append uid_mapping.csv and patid_mapping.csv rows here (safe with concurrent writers).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" q quiet' -l 'quiet' -s 'q' -d 'Say only failures and warnings: no progress, no summary.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" v verbose' -l 'verbose' -s 'v' -d 'Say what happens to each input, and a summary.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" force' -l 'force' -d 'Write the stream even when standard output is a terminal.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo keygen" o output' -l 'output' -s 'o' -d 'Key file to create (default: the default key path).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo keygen" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo keygen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" key-file' -l 'key-file' -d 'Secret key file (hex). Default: $DCM_DEID_KEY_FILE, else $XDG_CONFIG_HOME/dcm-deid/key, else ~/.config/dcm-deid/key, created on first use.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" uid-root' -l 'uid-root' -d 'Root of replacement UIDs (2.25: UUID-derived).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" id-prefix' -l 'id-prefix' -d 'Prefix of new PatientIDs.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" id-digits' -l 'id-digits' -d 'Number of digits after the prefix (6-30).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" patient-map' -l 'patient-map' -d 'CSV of original,new[,days] PatientIDs to use instead of hashed ones.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" require-mapping' -l 'require-mapping' -d 'Fail records whose PatientID is not in --patient-map.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" patient-name' -l 'patient-name' -d 'PatientName becomes the new PatientID (id) or empty.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" issuer' -l 'issuer' -d 'Value for Issuer of Patient ID where present (default: remove it).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" no-patient' -l 'no-patient' -d 'Leave PatientID and PatientName alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" no-uids' -l 'no-uids' -d 'Leave UIDs alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" no-dates' -l 'no-dates' -d 'Leave dates alone.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" mapping-dir' -l 'mapping-dir' -d 'Directory for the mapping files.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo regenerate-mapping" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo compact-mapping" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo compact-mapping" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo merge-mapping" o output' -l 'output' -s 'o' -d 'Folder to write the merged uid_mapping.csv and patid_mapping.csv into.' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo merge-mapping" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo merge-mapping" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo fingerprint" key-file' -l 'key-file' -d 'Key file (default: the default key path).' -rfka ''
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo fingerprint" version' -l 'version' -d 'Show the version.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo fingerprint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'dcm-pseudo' -n '__dcm-pseudo_should_offer_completions_for_flags_or_options "dcm-pseudo help" version' -l 'version' -d 'Show the version.'
