from planea.cli import main

raise SystemExit(main())
