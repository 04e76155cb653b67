# fish completion for cobra: commands, each command's options (read from
# "cobra CMD -h"), customer handles from the store, enumerated values.

function __cobra_command
    set -l words (commandline -opc)
    set -e words[1]
    while set -q words[1]
        switch $words[1]
            case -C
                set -e words[1]
            case '-*'
            case '*'
                echo $words[1]
                return 0
        end
        set -e words[1]
    end
    return 1
end

function __cobra_no_command
    not __cobra_command >/dev/null
end

function __cobra_commands
    cobra --help 2>/dev/null | string match -r '^    ([a-z-]+)' | string match -v -r '^ '
end

function __cobra_options
    set -l cmd (__cobra_command)
    cobra $cmd -h 2>/dev/null | string match -a -r -- '--[a-z-]+' | sort -u
end

function __cobra_handles
    cobra customers --format tsv 2>/dev/null | tail -n +2 | cut -f2
end

complete -c cobra -f
complete -c cobra -n __cobra_no_command -a '(__cobra_commands)'
complete -c cobra -n __cobra_no_command -l version -d 'print the version'
complete -c cobra -n __cobra_no_command -l no-color -d 'no colour, even on a terminal'
complete -c cobra -n __cobra_no_command -l help -d 'list the commands'
complete -c cobra -n __cobra_no_command -s C -r -d 'run as if started in DIR'
complete -c cobra -n '__cobra_command >/dev/null' -a '(__cobra_options)'
complete -c cobra -n '__fish_seen_subcommand_from show edit-customer sell pay log hold negotiate score pix' -a '(__cobra_handles)'
complete -c cobra -n '__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from customers debts' -a 'customers debts'
complete -c cobra -n '__fish_seen_subcommand_from customers debts' -F -a '(__fish_complete_suffix .csv)'
complete -c cobra -l method -x -a 'cash pix card transfer boleto'
complete -c cobra -n 'not __fish_seen_subcommand_from export' -l format -x -a 'human tsv csv json'
complete -c cobra -n '__fish_seen_subcommand_from export' -l format -x -a 'ledger hledger beancount csv json'
complete -c cobra -l channel -x -a 'email sms whatsapp letter call'
complete -c cobra -l kind -x -a 'dispute opt-out agreement broken-agreement other'
complete -c cobra -l by -x -a 'amount age priority'
complete -c cobra -l customer -x -a '(__cobra_handles)'
complete -c cobra -l letters -x -a '(__fish_complete_directories)'
