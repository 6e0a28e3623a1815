from benchmarks.worlds.third.build import main

main()
