# SPDX-License-Identifier: MIT
# docs/bench.png: efficiency per direction of the virtio-net loopback
# against frame size, one curve per memory latency (make bench writes the
# data with bench_vq --sweep). usage:
#   gnuplot -e "data='net-sweep.dat'; out='docs/bench.png'" scripts/bench_plot.gp
if (!exists("data") || !exists("out")) {
	print "bench_plot.gp: give data='<bench_vq --sweep file>' and out='<png>' with -e"
	exit status 2
}
set terminal pngcairo size 900,560 font "sans,11" noenhanced
set output out
set title "vio_top, virtio-net loopback: bus efficiency per direction (make bench)"
set xlabel "frame size, bytes (header included)"
set ylabel "frame bytes / (cycles x bytes per beat), %"
set logscale x 2
set xrange [48:5500]
set xtics ("64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024, "1500" 1500, "2048" 2048, "4096" 4096)
set yrange [0:100]
set ytics 10
set grid
set key right bottom title "memory latency"
plot for [i=0:3] data index i using 1:2 with linespoints lw 2 pt 7 ps 0.8 title columnheader(1)
