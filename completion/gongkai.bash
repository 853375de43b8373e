# bash completion for gongkai. Commands, subcommands and options are read
# from gongkai's own --help (English), so this file never falls behind the
# program: `gongkai --help`, `gongkai help CMD`, `gongkai CMD SUB --help`.

_gongkai_words() {
  # $1: a section header of the help text ("commands:" or "options:");
  # prints the first word of each indented line under it.
  awk -v sect="$1" '
    tolower($0) ~ "^" sect { on = 1; next }
    /^[^ ]/ { on = 0 }
    on && /^  [^ ]/ {
      if (sect != "options:") { print $1; next }
      # "  -f, --format text|json   ...": the option names before the text
      for (i = 1; i <= 2 && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i }
    }'
}

_gongkai() {
  local cur prev cmd sub i help
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd="" sub=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -l|--lang) ((i++)) ;;
      -*) ;;
      *) if [ -z "$cmd" ]; then cmd=${COMP_WORDS[i]}; elif [ -z "$sub" ]; then sub=${COMP_WORDS[i]}; fi ;;
    esac
  done
  case $prev in
    -l|--lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
    -o|--output|--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [ -z "$cmd" ]; then
    help=$(gongkai --lang en --help 2>/dev/null)
    COMPREPLY=($(compgen -W "$(_gongkai_words commands: <<<"$help") --help --version --lang" -- "$cur"))
    return
  fi
  if [ -n "$sub" ]; then
    help=$(gongkai --lang en "$cmd" "$sub" --help 2>/dev/null)
  else
    help=$(gongkai --lang en help "$cmd" 2>/dev/null)
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_gongkai_words options: <<<"$help")" -- "$cur"))
  elif [ -z "$sub" ] && grep -q '^commands:' <<<"$help"; then
    COMPREPLY=($(compgen -W "$(_gongkai_words commands: <<<"$help")" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _gongkai gongkai
