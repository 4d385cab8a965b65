from graph.cli.main import main

main()
