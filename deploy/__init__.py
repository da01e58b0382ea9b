"""Running the app on more than one process: replicas behind HAProxy (:mod:`deploy.serve`,
the balancer's configuration in ``deploy/haproxy.cfg``). Started by ``make serve``."""
