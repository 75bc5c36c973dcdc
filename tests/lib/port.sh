# NAME
#	port.sh - a free loopback port for a test's private MTA
# DESCRIPTION
#	free_port prints a TCP port in 20000-40000 on which nothing listens
#	on 127.0.0.1 now, picked at random so that suites running side by
#	side rarely pick the same one.  Source this file.
# DIAGNOSTICS
#	Returns 1, printing nothing, when 50 tries found no free port.

free_port() {
	local p
	for p in $(shuf -i 20000-40000 -n 50); do
		if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}
