cat <<EOF >/tmp/x
line $HOSTNAME
$(echo sub)
EOF
cat /tmp/x; cat <<'Q'
$literal
Q
