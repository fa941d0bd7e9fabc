Console.WriteLine("The benchmark runner is being written: see the benchmark issue.");
